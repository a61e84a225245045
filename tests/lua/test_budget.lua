-- Global budget from Lua: loading, errors, settlement, flows, the ledger.
local ygt = require("yigongti")
local here = debug.getinfo(1, "S").source:match("^@(.*)/tests/lua/[^/]*$") or "."
local data = here .. "/examples/data/"
-- Linxiang's budget sized to the bundle's encounters.tsv (the bundle's budget.json is sized to the synthetic year)
local lx_budget = here .. "/tests/data/budget/linxiang-encounters.json"

local check = require("harness").check

local lx = assert(ygt.model_load(data .. "linxiang"))
local enc = assert(ygt.encounters_load(lx, data .. "linxiang/encounters.tsv"))

check("load and amounts", function()
  local b = assert(ygt.budget_load(lx, lx_budget))
  assert(b:year() == 2023)
  assert(b:amount(0, "employee") == 34000000000 and b:amount(0) == 49000000000)
  assert(b:provenance("document"):find("临湘", 1, true))
end)

check("settlement of Linxiang", function()
  local b = assert(ygt.budget_load(lx, lx_budget))
  local r = assert(b:settle(lx, enc))
  local c = r:community(0)
  assert(c.budget == 49000000000 and c.actual == 50000000000 and c.balance == -1000000000)
  assert(c.over_fund + c.over_community == 1000000000)
  assert(math.abs(r:outflow_share() - 0.425) < 1e-12)
  assert(r:destinations() == 3)
  assert(r:flow(0, 2) == c.out_of_county)
  local lead = lx:community_lead(0)
  assert(r:institution(lead).overspend == c.over_community)
  assert(r:tier("county", 0).overspend == c.over_community)
  local total = 0
  for _, l in ipairs(r:ledger()) do
    if l.institution == nil then total = total + l.amount end
  end
  assert(total == c.final)
  local fund, skipped = r:unattributed()
  assert(fund == 0 and skipped == 3)
  assert(math.abs(r:ratio(0) - (-10 / 490)) < 1e-12)
end)

check("quality fund through a scorecard", function()
  local b = assert(ygt.budget_load(lx, lx_budget))
  local card = assert(ygt.scorecard_load(assert(ygt.indicators_defaults()), data .. "linxiang"))
  local full = assert(b:settle(lx, enc, card, {100})):community()
  local none = assert(b:settle(lx, enc, card, {0})):community()
  assert(full.withheld > 0 and full.released == full.withheld and none.released == 0)
  assert(full.final - none.final == full.withheld)
  local r, msg, code = b:settle(lx, enc, card, {})
  assert(r == nil and code == "YGT_EINVAL", msg)
end)

check("scaled budget", function()
  local b = assert(ygt.budget_load(lx, lx_budget))
  local tenth = assert(b:scaled(0.1))
  assert(tenth:amount(0, "employee") == 3400000000 and tenth:amount(0) == 4900000000)
  assert(b:amount(0) == 49000000000 and tenth:year() == b:year())
  local r, msg, code = b:scaled(-1)
  assert(r == nil and code == "YGT_ERANGE" and msg:find("scale", 1, true), msg)
  -- settled, the scaled budget is the one the balance is taken from
  local c = assert(tenth:settle(lx, enc)):community(0)
  assert(c.budget == 4900000000 and c.balance == 4900000000 - c.actual and c.actual == 50000000000)
end)

check("next year's budget", function()
  local f = assert(io.open(lx_budget))
  local text = f:read("a")
  f:close()
  local function with(rule)
    return assert(ygt.budget_parse(lx, (text:gsub('"distribution":', '"next_year": ' .. rule .. ', "distribution":', 1))))
  end
  local by_actual = with('{"base": "actual", "growth": 0.05}')
  local r = assert(by_actual:settle(lx, enc))
  local n = assert(by_actual:next(r))
  assert(n:year() == 2024 and n:provenance("derived"):find("from the 2023 budget", 1, true))
  for _, ins in ipairs({"employee", "resident"}) do
    local actual = r:community(0, ins).actual
    assert(actual > 0 and n:amount(0, ins) == (actual * 105 + 50) // 100, ins)
  end
  local by_budget = with('{"base": "budget", "growth": 0.05}')
  local nb = assert(by_budget:next(assert(by_budget:settle(lx, enc))))
  assert(nb:amount(0, "employee") == (by_budget:amount(0, "employee") * 105 + 50) // 100)
  -- the report of another budget (one with other amounts), a budget without the rule, an unknown key
  local b2, msg, code = by_budget:next(assert(assert(by_budget:scaled(0.5)):settle(lx, enc)))
  assert(b2 == nil and code == "YGT_EINVAL" and msg:find("another budget", 1, true), msg)
  local plain = assert(ygt.budget_load(lx, lx_budget))
  b2, msg, code = plain:next(assert(plain:settle(lx, enc)))
  assert(b2 == nil and code == "YGT_ENOTFOUND" and msg:find("next_year", 1, true), msg)
  b2, msg, code = ygt.budget_parse(lx, (text:gsub('"distribution":', '"next_year": {"base": "actual", "cap": 1}, "distribution":', 1)))
  assert(b2 == nil and code == "YGT_EPARSE" and msg:find("next_year.cap", 1, true), msg)
  assert(not pcall(by_actual.next, by_actual, by_actual)) -- not a report: raises
end)

check("malformed budgets", function()
  local f = assert(io.open(lx_budget))
  local text = f:read("a")
  f:close()
  local b, msg, code = ygt.budget_parse(lx, (text:gsub('"LX%-G1", "insurance": "resident"', '"NOPE", "insurance": "resident"')), "b.json")
  assert(b == nil and code == "YGT_ENOTFOUND" and msg:find("budgets[1].community", 1, true), msg)
  b, msg, code = ygt.budget_parse(lx, (text:gsub('"community": 1}', '"community": 2}', 1)))
  assert(b == nil and code == "YGT_ERANGE", msg)
  b, msg, code = ygt.budget_load(lx, "/nonexistent.json")
  assert(b == nil and code == "YGT_EIO")
end)

check("a pooling area from the referral rules (Zhuhai: its city hospitals are inside)", function()
  local zh = assert(ygt.model_load(data .. "zhuhai"))
  local cm = assert(ygt.casemix_load(data .. "casemix.tsv"))
  local rules = assert(cm:referral_load(zh, data .. "zhuhai"))
  local b = assert(ygt.budget_load(zh, data .. "zhuhai/budget.json"))
  local c = assert(ygt.county_generate(zh, rules, cm, {population_scale = 0.01, seed = 1, year = b:year()}))
  local e = c:encounters()
  local by_tier, pooled = assert(b:settle(zh, e)), assert(b:settle(zh, e, nil, nil, rules))
  assert(pooled:community().actual == by_tier:community().actual, "the same spending, drawn elsewhere")
  assert(pooled:community().out_of_county < by_tier:community().out_of_county)
  assert(pooled:outflow_share() < by_tier:outflow_share())
  assert(not pcall(b.settle, b, zh, e, nil, nil, zh)) -- not referral rules: raises
end)

check("the name of a spelling table in messages", function()
  assert(ygt.label_set_name("insurance") == "insurance type")
  assert(not pcall(ygt.label_set_name, "colour"))
end)

require("harness").finish()
