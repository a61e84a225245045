-- The synthetic county from Lua: case mix, rules over its dictionary,
-- generation with options, counts, sums and elements, determinism, errors.
local ygt = require("yigongti")
local here = debug.getinfo(1, "S").source:match("^@(.*)/tests/lua/[^/]*$") or "."
local data = here .. "/examples/data/"

local h = require("harness")
local check = h.check

local cm = assert(ygt.casemix_load(data .. "casemix.tsv"))
local ch = assert(ygt.model_load(data .. "chunan"))
local rules = assert(cm:referral_load(ch, data .. "chunan"))

check("case mix", function()
  assert(cm:count() >= 30)
  local s = assert(cm:find("stroke"))
  assert(cm:condition(s) == "stroke" and cm:group(s) == "BR23" and cm:setting(s) == "inpatient")
  assert(cm:value(s, "age_from") == 45 and cm:value(s, "emergency") == 0.6)
  local dx = cm:codes("diagnosis")
  assert(dx:code(cm:value(s, "diagnosis")) == "I63.900")
  assert(dx:code(cm:codes_of(s, "diagnosis")[1]) == "J18.900")
  assert(dx:id("I63.900") == cm:value(s, "diagnosis") and dx:id("Z99.999") == nil)
  assert(cm:find("nothing") == nil)
  assert(cm:long_stay(cm:find("rehabilitation")) == "rehabilitation")
  assert(not pcall(cm.condition, cm, 999))
  local bad, msg, code = ygt.casemix_load(data .. "missing.tsv")
  assert(bad == nil and code == "YGT_EIO" and msg ~= "")
end)

check("rules over the case mix's dictionary decide", function()
  local d = assert(rules:decide{institution = "CA-T01", diagnosis = "I10.x00", setting = "outpatient"})
  assert(d.route == "treat_here")
end)

check("generate Chun'an at scale 0.05", function()
  local c = assert(ygt.county_generate(ch, rules, cm, {seed = 7, population_scale = 0.05}))
  assert(c:resident_count() > 22000 and c:resident_count() < 23000 and c:year() == 2024)
  local n = c:event_count()
  assert(n > 6 * 22000 * 0.9)
  local cost, fund, paid = c:sum("cost"), c:sum("fund"), c:sum("patient_paid")
  assert(cost > 0 and cost == fund + paid)
  -- stays: every in-patient and day-surgery event has a case row
  assert(c:stay_count() == n - c:count("setting", 0) and c:stay_count() > 0)
  assert(c:count("case_row", -1) == c:count("setting", 0))
  local visits = 0
  for i = 0, 999 do
    if c:get("setting", i) == 0 then visits = visits + 1 end
    assert(c:get("patient", i) >= 0 and c:get("day", i) >= 1)
  end
  assert(visits > 900)
  assert(c:sum("fund", "insurance", -1) == 0)          -- the uninsured pay everything
  assert(not pcall(c.get, c, "cost", n))
  assert(not pcall(c.sum, c, "colour"))
  -- the same seed gives the same year
  local d = assert(ygt.county_generate(ch, rules, cm, {seed = 7, population_scale = 0.05}))
  assert(d:event_count() == n and d:sum("cost") == cost and d:get("condition", 123) == c:get("condition", 123))
  -- who signed with a family doctor: insured residents only, seeded
  local signed = c:sum("resident_signed")
  assert(signed > 0 and signed == d:sum("resident_signed") and signed < c:resident_count())
  for r = 0, 1999 do
    if c:get("resident_signed", r) == 1 then assert(c:get("resident_insurance", r) >= 0) end
  end
end)

check("what a county was generated from, and its events as a batch", function()
  local c = assert(ygt.county_generate(ch, rules, cm, {seed = 7, population_scale = 0.01}))
  local events = c:event_count()
  local model, r, mix, e = c:model(), c:rules(), c:casemix(), c:encounters()
  c = nil
  collectgarbage()
  collectgarbage() -- the handles keep the county alive
  assert(model:institution_count() == ch:institution_count() and r:count() == rules:count())
  assert(mix:count() == cm:count() and mix:condition(0) == cm:condition(0))
  assert(e:count() > 0 and e:count() <= events)
  assert(not pcall(model.free, model), "a borrowed model is freed by its owner")
  assert(not pcall(e.attach, e, "cost", {1}), "a borrowed batch is read-only")
end)

check("options and errors", function()
  local c, msg, code = ygt.county_generate(ch, rules, cm, {population_scale = -1})
  assert(c == nil and code == "YGT_EINVAL" and msg:find("population_scale", 1, true))
  assert(not pcall(ygt.county_generate, ch, rules, cm, {colour = 1}))
  c = assert(ygt.county_generate(ch, rules, cm, {population_scale = 0.01, tier_cost = {1, 1, 1, 1, 1, 1}}))
  assert(c:event_count() > 0)
  local other = assert(ygt.casemix_load(data .. "casemix.tsv"))
  c, msg, code = ygt.county_generate(ch, rules, other)
  assert(c == nil and code == "YGT_EINVAL")
  -- the cost response: checked like every option, and seeded
  c, msg, code = ygt.county_generate(ch, rules, cm, {cost_response = -1})
  assert(c == nil and code == "YGT_EINVAL" and msg:find("cost_response", 1, true))
  local opts = {population_scale = 0.01, seed = 3, cost_response = 2}
  local r1, r2 = assert(ygt.county_generate(ch, rules, cm, opts)), assert(ygt.county_generate(ch, rules, cm, opts))
  local still = assert(ygt.county_generate(ch, rules, cm, {population_scale = 0.01, seed = 3}))
  assert(r1:sum("patient_paid") == r2:sum("patient_paid") and r1:sum("cost") == r1:sum("fund") + r1:sum("patient_paid"))
  assert(r1:event_count() == still:event_count() and r1:sum("patient_paid") < still:sum("patient_paid"))
  local cols = ygt.county_columns()
  assert(cols[1] == "resident_grid" and #cols == 28 and cols[25] == "resident_signed" and cols[28] == "continuity")
  assert(math.abs(ygt.county_age_share(30) - ygt.county_age_share(31)) < 1e-15)
end)

check("phases, episodes and deductible continuity", function()
  local s, rehab = assert(cm:find("stroke")), assert(cm:find("rehabilitation"))
  assert(cm:value(s, "continuation") == rehab and cm:value(s, "continuation_share") == 0.3)
  local htn = assert(cm:find("htn_old"))
  assert(cm:value(htn, "phase") == 1 and cm:value(htn, "phase_share") == 0.8) -- stable_chronic
  assert(cm:value(rehab, "phase") == 2 and cm:value(s, "specialty_share") == 0.5)
  local c = assert(ygt.county_generate(ch, rules, cm, {seed = 7, population_scale = 0.05}))
  local n = c:event_count()
  assert(n - c:count("episode", -1) > 0)    -- continuations
  assert(c:count("phase", 1) > n / 10)      -- stable chronic follow-ups
  assert(c:count("route", 2) > 0)           -- Chun'an's down list now fires (it never did)
  assert(n - c:count("continuity", -1) > 0) -- 连续计算起付线
end)

h.finish()
