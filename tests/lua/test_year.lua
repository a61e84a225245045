-- The county year from Lua: run Ninghai at a small scale, read figures and the report.
local ygt = require("yigongti")
local here = debug.getinfo(1, "S").source:match("^@(.*)/tests/lua/[^/]*$") or "."
local data = here .. "/examples/data/"

local check = require("harness").check

local m = assert(ygt.model_load(data .. "ninghai"))
local cm = assert(ygt.casemix_load(data .. "casemix.tsv"))
local rules = assert(cm:referral_load(m, data .. "ninghai"))
local b = assert(ygt.budget_load(m, data .. "ninghai/budget.json"))
local c = assert(ygt.county_generate(m, rules, cm, {population_scale = 0.01, seed = 3, year = b:year()}))
local y = assert(ygt.year_run{model = m, county = c, budget = b})

check("the year before as totals only gives the same year", function()
  local opts = {population_scale = 0.01, seed = 4, year = b:year() - 1}
  local before = assert(ygt.county_generate(m, rules, cm, opts))
  local totals = assert(ygt.county_generate_totals(m, rules, cm, opts))
  assert(totals:event_count() == 0 and totals:resident_count() == before:resident_count())
  local full = assert(ygt.year_run{model = m, county = c, previous = before, budget = b})
  local summed = assert(ygt.year_run{model = m, county = c, previous = totals, budget = b})
  assert(summed:report() == full:report())
  local none, msg = ygt.year_run{model = m, county = totals}
  assert(none == nil and msg:find("totals only", 1, true))
end)

check("a county routed again from another's needs is the fresh county", function()
  local opts = {population_scale = 0.01, seed = 3, year = b:year(), primary_first_contact = 0.85, cost_response = 0.5}
  local again = assert(ygt.county_generate_like(c, rules, opts))
  local fresh = assert(ygt.county_generate(m, rules, cm, opts))
  assert(again:event_count() == fresh:event_count())
  local a = assert(ygt.year_run{model = m, county = again, budget = b})
  local f = assert(ygt.year_run{model = m, county = fresh, budget = b})
  assert(a:report() == f:report() and a:report() ~= y:report())
  local none, msg = ygt.county_generate_like(c, rules, {population_scale = 0.01, seed = 4, year = b:year()})
  assert(none == nil and msg:find("option seed differs", 1, true), msg)
end)

check("a year without a scheme is fee for service", function()
  assert(y:year() == b:year())
  local t = y:total()
  assert(t.visits > 0 and t.stays > 0)
  assert(t.cost == t.fund_ffs + t.patient_paid, "every fen is paid once")
  assert(t.amount == t.cost and t.fund == t.fund_ffs)
end)

check("tiers and institutions add up to the county", function()
  local t, sum = y:total(), 0
  for _, tier in ipairs({"village", "township", "county", "city", "province", "out_of_area"}) do
    sum = sum + y:tier(tier).cost
  end
  assert(sum == t.cost)
  assert(y:institution(0).revenue == y:institution(0).fund + y:institution(0).patient_paid)
end)

check("the accounts balance and the report says so", function()
  assert(y:check() == true)
  assert(y:report():find("every account balances to the fen", 1, true))
  assert(y:report():find("\nExceptions\n", 1, true))
end)

check("the report and the scores", function()
  assert(y:report():find("基层就诊率", 1, true))
  assert(y:score() == nil, "no score without a scorecard")
end)

check("the stages' results are read-only handles that keep the year alive", function()
  local e = y:encounters()
  assert(e:count() > 0)
  local again = assert(b:settle(m, e))
  local r = y:budget_report()
  for k, v in pairs(r:community(0)) do assert(again:community(0)[k] == v, k) end
  assert(y:scheme_result() == nil, "no scheme, no scheme result")
  local _, status = y:indicator_values():get("county_visit_rate", "county")
  assert(status == "ok", "without a registry the year computes the default indicators")
  assert(not pcall(function() return e:attach("cost", {1}) end), "a borrowed batch is read-only")

  local reg = assert(ygt.indicators_defaults())
  local card = assert(ygt.scorecard_load(reg, data .. "ninghai/scorecard.json"))
  local s = assert(ygt.scheme_load(m, data .. "ninghai/scheme.json"))
  local y2 = assert(ygt.year_run{model = m, county = c, scheme = s, budget = b, indicators = reg, scorecard = card})
  local res, vals, enc = y2:scheme_result(), y2:indicator_values(), y2:encounters()
  local total = y2:total()
  y2 = nil
  collectgarbage()
  collectgarbage()
  assert(res:get("cost") == total.cost, "the scheme settled the year's care")
  local v, status = vals:get("county_visit_rate", "county")
  assert(status == "ok" and v > 0 and v <= 100, status)
  assert(enc:count() > 0)
end)

check("Chun'an: pools charged for the signed only, the budget on what the fund paid", function()
  local ch = assert(ygt.model_load(data .. "chunan"))
  local crules = assert(cm:referral_load(ch, data .. "chunan"))
  local cb = assert(ygt.budget_load(ch, data .. "chunan/budget.json")):scaled(0.02)
  local cc = assert(ygt.county_generate(ch, crules, cm, {population_scale = 0.02, seed = 2, year = cb:year()}))
  local s = assert(ygt.scheme_load(ch, data .. "chunan/scheme.json"))
  local cy = assert(ygt.year_run{model = ch, county = cc, scheme = s, budget = cb})
  local res, rep = cy:scheme_result(), cy:budget_report()
  -- the budget's actual + unattributed = every fen the fund paid but the workload line's
  local unattributed = rep:unattributed()
  assert(rep:community().actual + unattributed == cy:total().fund - res:get("fund", -1, "primary_care"))
  -- a pool is charged no more than its signed residents' care, and the tiers are not in debt
  local charged, pool = res:get("charged", -1, "outpatient"), res:get("pool", -1, "outpatient")
  assert(pool > 0 and charged > 0)
  for _, tier in ipairs({"village", "township", "county", "city", "province"}) do
    assert(cy:tier(tier).fund >= 0 and cy:tier(tier).revenue >= 0, tier)
  end
  assert(cc:sum("resident_signed") > 0)
end)

check("errors", function()
  local bad, msg, code = ygt.year_run{model = m}
  assert(bad == nil and code == "YGT_EINVAL" and msg:find("county"))
  assert(not pcall(function() return y:tier("moon") end))
  local _, _, rcode = y:institution(9999)
  assert(rcode == "YGT_ERANGE")
end)

check("Zhuhai's pooling area: its own hospitals are in the county", function()
  local zm = assert(ygt.model_load(data .. "zhuhai"))
  local zr = assert(cm:referral_load(zm, data .. "zhuhai"))
  assert(zr:inside("ZH-H01") and zr:inside("ZH-H02"))
  assert(zr:inside("ZH-R01") == false and zr:inside("ZH-R02") == false)
  local none, _, code = zr:inside("ZH-NOPE")
  assert(none == nil and code == "YGT_ERANGE")
  local reg = assert(ygt.indicators_load(data .. "indicators.tsv"))
  local enc = assert(ygt.encounters_load(zm, data .. "zhuhai/encounters.tsv"))
  local by_tier = assert(ygt.indicator_values(reg, zm, enc, nil, 2023, 2022))
  local by_rules = assert(ygt.indicator_values(reg, zm, enc, nil, 2023, 2022, zr))
  local t, r = by_tier:get("county_visit_rate"), by_rules:get("county_visit_rate")
  assert(r > t and r >= 90, string.format("by rules %.1f, by tier %.1f", r, t))
end)

require("harness").finish()
