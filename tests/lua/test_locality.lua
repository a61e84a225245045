-- A bundle's settings, targets and calibration from Lua: Chun'an's county.json by year, its targets in a
-- year's report, a calibration that meets a moved target, and errors as nil, message, code.
local ygt = require("yigongti")
local here = debug.getinfo(1, "S").source:match("^@(.*)/tests/lua/[^/]*$") or "."
local data = here .. "/examples/data/"

local check = require("harness").check

local m = assert(ygt.model_load(data .. "chunan"))
local cm = assert(ygt.casemix_load(data .. "casemix.tsv"))
local rules = assert(cm:referral_load(m, data .. "chunan"))
local reg = assert(ygt.indicators_load(data .. "indicators.tsv"))
local s = assert(ygt.county_settings_load(data .. "chunan/county.json"))
local t = assert(ygt.targets_load(reg, data .. "chunan/targets.tsv"))

check("settings by year and written back", function()
  assert(s:base_year() == 2024)
  local names = ygt.county_settings_names()
  assert(#names == 42 and names[1] == "population" and names[42] == "age_pyramid.95")
  local f, r = s:get("outpatient_factor"), s:get("trend.2000.outpatient_factor")
  local c23 = assert(ygt.county_generate(m, rules, cm, {settings = s, year = 2023, seed = 2, population_scale = 0.01}))
  assert(c23:year() == 2023)
  local again = assert(ygt.county_settings_parse(s:json(), "again"))
  assert(again:get("outpatient_factor") == f and again:get("trend.2000.outpatient_factor") == r)
  local w = assert(s:with("inpatient_factor", 1.5))
  assert(w:get("inpatient_factor") == 1.5 and s:get("inpatient_factor") ~= 1.5)
  local none, msg, code = s:get("outpatient_factr")
  assert(none == nil and code == "YGT_ENOTFOUND", msg)
  local bad, msg2, code2 = ygt.county_settings_parse('{"format": "yigongti.county", "version": 1, ' ..
    '"provenance": {"document": "d"}, "base_year": 2020, "settings": {"inpatient_bypas": 0.1}}', "t.json")
  assert(bad == nil and code2 == "YGT_EPARSE" and msg2:find("inpatient_bypass", 1, true), msg2)
end)

check("targets and the year's calibration table", function()
  assert(t:count() == 5)
  local first = t:get(0)
  assert(first.indicator == "county_visits" and first.year == 2024 and first.relation == "=" and first.source == "002")
  local c = assert(ygt.county_generate(m, rules, cm, {settings = s, seed = 1, population_scale = 0.02}))
  local before = assert(ygt.county_generate(m, rules, cm, {settings = s, year = 2023, seed = 2, population_scale = 0.02}))
  local y = assert(ygt.year_run{model = m, county = c, previous = before, indicators = reg, targets = t,
                                population_scale = 0.02})
  assert(y:report():find("Calibration: the documents' figures for 2024", 1, true))
  local sim, within = t:evaluate(0, y:indicator_values(), 0.02)
  assert(math.abs(sim / 2750000 - 1) < 0.1 and type(within) == "boolean")
end)

check("target distances and the targets' registry", function()
  -- target 0: 2,750,000 visits within 2 % (55,000), so 27,500 over is half a tolerance
  assert(math.abs(t:distance(0, 2750000 + 27500) - 0.5) < 1e-12)
  assert(math.abs(t:distance(0, 2750000 - 55000) + 1) < 1e-12)
  assert(math.abs(t:distance(1, 11.15 + 2) - 2) < 1e-9)  -- growth 11.15 % within 1 point
  local nan = t:distance(t:count(), 1)
  assert(nan ~= nan)
  local r = t:indicators()
  assert(r:count() == reg:count() and r:find("county_visits") == reg:find("county_visits"))
  local again = assert(ygt.targets_load(ygt.indicators_load(data .. "indicators.tsv"), data .. "chunan/targets.tsv"))
  local kept = again:indicators()
  again = nil
  collectgarbage()
  assert(kept:count() == reg:count())  -- the borrowed registry keeps the targets, and they the registry, alive
end)

check("calibration meets a moved target", function()
  local path = os.tmpname()
  local f = assert(io.open(path, "w"))
  f:write("indicator\tyear\trelation\tvalue\ttolerance\tfit\tsource\tquote\n",
          "county_discharges\t2024\t=\t70000\t2%\tinpatient_factor\tx\ty\n")
  f:close()
  local moved = assert(ygt.targets_load(reg, path))
  os.remove(path)
  local c = assert(ygt.calibrate{model = m, rules = rules, casemix = cm, targets = moved, settings = s,
                                 population_scale = 0.02, max_iterations = 10})
  assert(c:within() and c:distance(c:best()) <= c:distance(0))
  assert(math.abs(c:simulated(c:best(), 0) / 70000 - 1) <= 0.02)
  assert(c:settings():get("inpatient_factor") > s:get("inpatient_factor"))
  local none, _, code = ygt.calibrate{model = m, rules = rules, casemix = cm, targets = moved, settings = s,
                                      max_iterations = 0}
  assert(none == nil and code == "YGT_EINVAL")
end)
