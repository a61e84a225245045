-- Performance scoring from Lua: registry, encounters, values, scorecards, money.
local ygt = require("yigongti")
local here = debug.getinfo(1, "S").source:match("^@(.*)/tests/lua/[^/]*$") or "."
local data = here .. "/examples/data/"

local check = require("harness").check

local function near(a, b) return math.abs(a - b) < 1e-9 end

local reg = assert(ygt.indicators_defaults())
local ca = assert(ygt.model_load(data .. "chunan"))

check("registry", function()
  assert(reg:count() == 33)
  local id, name, unit, def, dir, formula, target, floor = reg:info("primary_visit_rate")
  assert(id == "primary_visit_rate" and name == "基层就诊率" and unit == "%" and dir == "higher")
  assert(formula == "ratio" and target == 65 and floor == nil)
  assert(def:find("place=primary", 1, true))
  local x, msg, code = reg:find("nope")
  assert(x == nil and code == "YGT_ENOTFOUND")
end)

check("encounter column, referral and scope names (score.h's values)", function()
  assert(ygt.encounter_column_name(0) == "institution" and ygt.encounter_column_name(8) == "count")
  assert(ygt.encounter_column_name(9) == nil and ygt.encounter_column_from_name("fund") == 7)
  assert(ygt.encounter_referral_name(3) == "out" and ygt.encounter_referral_name(4) == nil)
  assert(ygt.scope_name(2) == "tier" and ygt.scope_from_name("institution") == 3 and ygt.scope_name(4) == nil)
  local none, _, code = ygt.scope_from_name("province")
  assert(none == nil and code == "YGT_ENOTFOUND")
end)

check("chunan growth from a loaded table", function()
  local enc = assert(ygt.encounters_load(ca, data .. "chunan/encounters.tsv"))
  local lo, hi = enc:period_range()
  assert(lo == 2017 and hi == 2018)
  local v = assert(ygt.indicator_values(reg, ca, enc, nil, 2018, 2017))
  local g, status = v:get("visit_growth")
  assert(status == "ok" and near(g, (2750000 / 2474134 - 1) * 100))
  assert(string.format("%.2f", g) == "11.15")
  assert(string.format("%.2f", (v:get("discharge_growth"))) == "9.02")
  local n, d = v:parts("visit_growth", "county", 0)
  assert(n == 2750000 and d == 2474134)
  assert(select(2, v:get("contract_rate", "institution", 0)) == "not_applicable")
  assert(v:scope_count("community") == 3 and v:skipped() == 0)
end)

check("attached columns and inputs", function()
  local t1, g1 = ca:institution_find("CA-T01"), ca:grid_find("CA-G01")
  local enc = ygt.encounters_new()
  assert(enc:attach("institution", {t1, t1}):attach("grid", {g1, -1}):attach("period", {2023, 2023}))
  assert(enc:attach("setting", {0, 0}):attach("count", {3, 5}))
  local x, msg, code = enc:attach("period", {2023})
  assert(x == nil and code == "YGT_EINVAL")
  local inputs = ygt.score_inputs():set("resident_satisfaction", 91.5, 2023, "county")
  assert(inputs:count() == 1)
  local v = assert(ygt.indicator_values(reg, ca, enc, inputs, 2023, 2022))
  assert(v:get("primary_visit_rate") == 100)
  assert(v:get("resident_satisfaction") == 91.5)
  assert(v:get("primary_visit_rate", "institution", t1) == 100)  -- 8 visits, all at T1
end)

check("scorecard, score and money", function()
  local card = assert(ygt.scorecard_load(reg, data .. "chunan"))
  assert(card:name():find("五个共同体", 1, true) and #card:dimensions() == 5)
  local d, ind, method, w = card:item(1)
  assert(d == 1 and method == "attainment" and w == 15)
  local enc = assert(ygt.encounters_load(ca, data .. "chunan/encounters.tsv"))
  local v = assert(ygt.indicator_values(reg, ca, enc, nil, 2018, 2017))
  local s = assert(card:score(v, "county", 0))
  assert(s:total() >= 0 and s:total() <= 100 and s:grade() == card:grade(s:total()))
  -- no inputs given: the items that need one are not scored, the rest converted to 100
  local w = s:scored_weight()
  assert(w > 0 and w < 100 and s:lines()[2]:find("of 100 points scored", 1, true))
  assert(not s:vetoed())
  local value, points, status, reason = s:item(1)
  assert(status == "ok" and points == 15 and reason:find("attainment", 1, true))
  local lines = s:lines()
  assert(lines[1]:find("county 淳安县", 1, true))
  assert(near(card:release_ratio(75), 0.5))
  assert(card:withheld_fen(1000000) == 100000)
  assert(card:release_fen(75, 3) == 2)   -- 1.5 rounds away from zero
  assert(card:surplus_multiplier(10) == 1 and card:surplus_fen(10, 7) == 7 and card:dip_coefficient(50) == 1)
  local x, msg, code = card:release_ratio(0 / 0)
  assert(x == nil and code == "YGT_EINVAL")
end)

check("malformed scorecard", function()
  local path = os.tmpname()
  local f = io.open(path, "w")
  f:write('{"format": "yigongti.scorecard", "name": "x", "dimensions": [{"name": "d", "items": '
    .. '[{"indicator": "nope", "weight": 100, "method": "linear"}]}], "grades": [{"name": "A", "min": 0}]}')
  f:close()
  local c, msg, code = ygt.scorecard_load(reg, path)
  os.remove(path)
  assert(c == nil and code == "YGT_ENOTFOUND" and msg:find("dimensions[0].items[0].indicator", 1, true))
end)

require("harness").finish()
