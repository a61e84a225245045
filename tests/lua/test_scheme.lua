-- Payment schemes from Lua: loading, a small Chun'an year (the numbers of
-- tests/python/test_scheme.py), row order, errors naming the JSON path.
local ygt = require("yigongti")
local here = debug.getinfo(1, "S").source:match("^@(.*)/tests/lua/[^/]*$") or "."
local data = here .. "/examples/data/"

local check = require("harness").check

local ca = assert(ygt.model_load(data .. "chunan"))

local STAYS = {{"CA-H01", 0, 20240110, 8, 900000, 90000, "BR23"}, {"CA-T02", 1, 20240220, 4, 300000, 30000, "GZ15"},
               {"CA-H02", 1, 20240320, 12, 600000, 60000, "XX99"}}
local VISITS = {{"CA-H01", "CA-T01", "resident", 24000, 20000, "", 1}, {"CA-T01", "CA-T01", "resident", 5500, 4500, "OP01", 1},
                {"CA-T02", nil, "", 3000, 0, "FU01", 2000}, {"CA-T01", nil, "employee", 0, 0, "OP01", 12000}}

-- The year in the order of the permutations (sequences of row numbers).
local function year(ps, pv)
  local dx, proc = assert(ygt.codes_new("diagnosis")), assert(ygt.codes_new("procedure"))
  local c = assert(ygt.cases_new(dx, proc))
  local groups = {}
  for k, o in ipairs(ps) do
    local s = STAYS[o]
    local row = assert(c:append{institution_index = ca:institution_find(s[1]), insurance = s[2], discharge_date = s[3],
                                los_days = s[4], leaving_type = 1})
    assert(ygt.cases_set_int64(c, row, 18, s[5]))
    assert(ygt.cases_set_int64(c, row, 19, s[6]))
    groups[k] = s[7]
  end
  local v = {institution = {}, home = {}, insurance = {}, cost = {}, fund = {}, item = {}, quantity = {}}
  for k, o in ipairs(pv) do
    local r = VISITS[o]
    v.institution[k] = ca:institution_find(r[1])
    v.home[k] = r[2] and ca:institution_find(r[2]) or -1
    v.insurance[k], v.cost[k], v.fund[k], v.item[k], v.quantity[k] = r[3], r[4], r[5], r[6], r[7]
  end
  return {stays = c, groups = groups, visits = v, keep = {dx, proc}}
end

check("load", function()
  local s = assert(ygt.scheme_load(ca, data .. "chunan/scheme.json"))
  assert(s:id() == "chunan-2024-illustrative" and s:illustrative())
  assert(s:method("inpatient") == "drg" and s:method("long_stay") == "none" and s:method("primary_care") == "workload")
  assert(s:find("inpatient", "BR23") == 0 and s:find("inpatient", "NOPE") == nil)
  assert(s:group_count("primary_care") >= 5)
  assert(s:provenance("locality") == "330127" and s:provenance("colour") == nil)
  local nh = assert(ygt.model_load(data .. "ninghai"))
  local n = assert(ygt.scheme_load(nh, data .. "ninghai/scheme.json"))
  assert(n:method("inpatient") == "points" and n:find("long_stay", "psychiatric") == 0)
  assert(s:dip_assessment_scored() == false and n:dip_assessment_scored() == false)
  -- Zhuhai's DIP line takes the assessment coefficient (考核系数) from the scorecard
  local zh = assert(ygt.model_load(data .. "zhuhai"))
  local cm = assert(ygt.casemix_load(data .. "casemix.tsv"))
  local z = assert(ygt.scheme_load(zh, data .. "zhuhai/scheme.json", cm:codes("diagnosis"), cm:codes("procedure")))
  assert(z:method("inpatient") == "dip" and z:dip_assessment_scored() == true)
end)

check("a small Chun'an year", function()
  local s = assert(ygt.scheme_load(ca, data .. "chunan/scheme.json"))
  local r = assert(s:settle(year({1, 2, 3}, {1, 2, 3, 4})))
  local stays = r:stays()
  -- BR23 at 二甲, employee: 9947 × 0.9813 = 9760.99; fund (9760.99 − 900) × 0.85
  assert(stays[1].amount == 976099 and stays[1].fund == 976099 - 90000 and stays[1].status == "ok")
  assert(stays[2].fund == 298550 - 30000 and stays[3].status == "special_review" and stays[3].reason == "unmatched")
  local t01, h01 = ca:institution_find("CA-T01"), ca:institution_find("CA-H01")
  assert(r:get("charged", t01, "outpatient") == 20000 and r:get("fund", h01, "outpatient") == 20000)
  assert(r:get("fund", nil, "outpatient") == r:get("pool", nil, "outpatient"))
  assert(r:get("score_units", t01, "primary_care") == 12001 * 1000000)
  assert(math.abs(r:figure("unit_value") - 300000000 / 13001 / 100) < 1e-9)
  assert(r:figure("special_review", "inpatient") == 1)
  assert(r:institution(t01, "primary_care").settled == 2)
  assert(r:get("uninsured", nil, "outpatient") == 1 and r:get("cases") == 10)
  local sum = 0
  for i = 0, r:institutions() do sum = sum + r:get("fund", i) end
  assert(sum == r:get("fund"))
end)

check("a stay's settlement explained", function()
  local s = assert(ygt.scheme_load(ca, data .. "chunan/scheme.json"))
  local r = assert(s:settle(year({1, 2, 3}, {1, 2, 3, 4})))
  -- BR23: RW 0.9813 x 9947 yuan = 9760.99 (976099 fen), the standard; 0.9813 x 10^6 units
  local units, text = r:stay_units(), r:explain(1)
  assert(units[1] == 981300 and units[3] == 0, units[1])
  assert(text:find("RW 0.9813 x level adjustment 1 x institution coefficient 1 x base rate 9947 yuan = standard " ..
                   "976099 fen", 1, true), text)
  assert(text:find("amount 976099 fen (the standard)", 1, true), text)
  assert(r:explain(3):find("special_review: unmatched", 1, true))
  local none, msg, code = r:explain(4)
  assert(none == nil and code == "YGT_ERANGE" and msg:find("outside the input", 1, true), msg)
  local y = assert(s:settle(year({1, 2, 3}, {1, 2, 3, 4})))
  collectgarbage()  -- the input the result keeps survives a collection
  assert(y:explain(2):find("amount 298550 fen", 1, true))
end)

check("settle with assessment coefficients", function()
  -- Zhuhai's DIP line takes the coefficients from the scorecard: s:settle{assessment = ...} passes them
  local zh = assert(ygt.model_load(data .. "zhuhai"))
  local cm = assert(ygt.casemix_load(data .. "casemix.tsv"))
  local dx, proc = cm:codes("diagnosis"), cm:codes("procedure")
  local z = assert(ygt.scheme_load(zh, data .. "zhuhai/scheme.json", dx, proc))
  local coef = {}
  for i = 1, zh:institution_count() do coef[i] = 1 end
  local stays = assert(ygt.cases_new(dx, proc))
  assert(z:settle{stays = stays, assessment = coef})
  coef[2] = 11                                       -- out of [0, 10]: ygt_scheme_settle_assessed refuses it
  local none, msg, code = z:settle{stays = stays, assessment = coef}
  assert(none == nil and code == "YGT_ERANGE" and msg:find("coefficient 11 of institution 1", 1, true), msg)
end)

check("service lines and payment methods by name", function()
  assert(ygt.service_line_name(2) == "long_stay" and ygt.service_line_name(4) == nil)
  assert(ygt.service_line_from_name("primary_care") == 3 and ygt.pay_method_from_name("dip") == 4)
  assert(ygt.pay_method_name(7) == "workload")
  local none, msg, code = ygt.pay_method_from_name("barter")
  assert(none == nil and code == "YGT_ENOTFOUND" and msg:find("barter", 1, true), msg)
end)

check("order does not matter", function()
  local s = assert(ygt.scheme_load(ca, data .. "chunan/scheme.json"))
  local a = assert(s:settle(year({1, 2, 3}, {1, 2, 3, 4})))
  local b = assert(s:settle(year({3, 1, 2}, {4, 2, 1, 3})))
  for i = 0, a:institutions() do
    for k, v in pairs(a:institution(i)) do assert(b:institution(i)[k] == v, k) end
  end
  assert(b:stays()[2].fund == 976099 - 90000)
end)

check("errors", function()
  local text = '{"format": "yigongti-scheme/1", "lines": {"outpatient": {"method": "capitation", "rate": "8.001"}}}'
  local s, msg, code = ygt.scheme_parse(ca, text, "s.json")
  assert(s == nil and code == "YGT_EPARSE" and msg:find("lines.outpatient.rate", 1, true), msg)
  s, msg, code = ygt.scheme_load(ca, "/nonexistent/scheme.json")
  assert(s == nil and code == "YGT_EIO")
  local zh = assert(ygt.model_load(data .. "zhuhai"))
  s, msg, code = ygt.scheme_load(zh, data .. "zhuhai/scheme.json")
  assert(s == nil and code == "YGT_EINVAL" and msg:find("lines.inpatient.method", 1, true), msg)
  local ok = assert(ygt.scheme_parse(ca, '{"format": "yigongti-scheme/1", "lines": {"inpatient": {"method": "ffs"}}}'))
  local r
  r, msg, code = ok:settle{visits = {institution = {0}, insurance = {0}, cost = {100}}}
  assert(r == nil and code == "YGT_EINVAL", msg)
  assert(not pcall(ok.method, ok, "dental"))
end)

check("DIP: prepayments floored, special review over the quota", function()
  local shared = os.getenv("YGT_SHARED_DATA") or "../shared/data"
  local dx = ygt.codes_load(shared .. "/icd/icd10_yibao_v2.0.tsv", "diagnosis")
  if not dx then print("# skipped: shared data not present"); return end
  local proc = assert(ygt.codes_load(shared .. "/icd/icd9cm3_yibao_v2.0.tsv", "procedure"))
  local zh = assert(ygt.model_load(data .. "zhuhai"))
  local s = assert(ygt.scheme_load(zh, data .. "zhuhai/scheme.json", dx, proc))
  local cases = assert(ygt.cases_new(dx, proc))
  assert(cases:load(data .. "zhuhai/dip-cases.tsv"))
  assert(ygt.cases_resolve_institutions(cases, zh) == 0)
  local r = assert(s:settle{stays = cases})
  for i = 0, r:institutions() - 1 do
    local f = r:institution(i, "inpatient")
    assert(f.prepayment >= 0 and f.prepayment + f.clearing == f.fund and f.prepay_raised >= 0)
  end
  local floored = r:get("prepay_floored", -1, "inpatient")
  assert((floored == 0) == (r:get("prepay_raised", -1, "inpatient") == 0))
  local special, allowed = r:figure("special_review", "inpatient"), r:figure("special_allowed", "inpatient")
  assert(r:figure("special_over_quota", "inpatient") == math.max(0, special - allowed))
  assert(r:figure("special_over_ffs_fund", "inpatient") >= 0 and r:figure("special_over_method_fund", "inpatient") >= 0)
  assert(r:figure("budget_point_value", "employee") > r:figure("point_value", "employee") / 2)
end)

require("harness").finish()
