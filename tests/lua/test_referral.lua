-- Referral routing from Lua: rules, decisions, episodes, batch, errors.
local ygt = require("yigongti")
local shared = os.getenv("YGT_SHARED_DATA") or "../shared/data"
local script_dir = arg[0]:match("(.*/)") or "./"
local data = script_dir .. "../../examples/data/"

local check = require("harness").check

local function rules_json(extra)
  local rows = {}
  local tiers = {"village", "township", "county", "city", "province", "out_of_area"}
  local ded = {"100", "300", "600", "1000", "1200", "1500"}
  local ratio = {0.9, 0.9, 0.8, 0.65, 0.55, 0.45}
  for i, t in ipairs(tiers) do
    for _, ins in ipairs({"employee", "resident"}) do
      rows[#rows + 1] = string.format('{"tier": "%s", "insurance": "%s", "setting": "inpatient", ' ..
        '"deductible": "%s", "ratio": %.2f}', t, ins, ded[i], ratio[i])
    end
  end
  return '{"format": "yigongti-referral", "version": 1, ' ..
    '"catalogues": [{"tier": "township", "setting": "inpatient", "codes": "J18*"}], ' ..
    (extra or "") .. '"reimbursement": [' .. table.concat(rows, ",") .. ']}'
end

local nh = assert(ygt.model_load(data .. "ninghai"))
local small = assert(ygt.codes_new("diagnosis"))
for _, c in ipairs({"J18.900", "I63.900", "C71.900"}) do assert(small:add(c)) end

check("names", function()
  assert(ygt.referral_names.routes[2] == "refer_up")
  assert(ygt.referral_names.states[5] == "in-progress")
  assert(ygt.referral_names.continuity[3] == "waive")
  assert(ygt.referral_transition_allowed("requested", "accepted") == true)
  assert(ygt.referral_transition_allowed("completed", "requested") == false)
end)

check("enumeration functions agree with the lists and the header's values", function()
  local prefixes = {routes = "route", directions = "direction", states = "referral_state", settings = "setting",
                    phases = "phase", continuity = "continuity", priorities = "priority"}
  for key, prefix in pairs(prefixes) do
    local list = ygt.referral_names[key]
    assert(#list > 1, key)
    for v, name in ipairs(list) do
      assert(ygt[prefix .. "_name"](v - 1) == name and ygt[prefix .. "_from_name"](name) == v - 1, name)
    end
    assert(ygt[prefix .. "_name"](#list) == nil, prefix)
    local none, msg, code = ygt[prefix .. "_from_name"]("nonesuch")
    assert(none == nil and code == "YGT_ENOTFOUND", msg)
  end
  -- YGT_ROUTE_REFER_UP, YGT_PRIORITY_ADMISSION, YGT_CONTINUITY_WAIVE, YGT_REFERRAL_IN_PROGRESS
  assert(ygt.route_from_name("refer_up") == 1 and ygt.priority_from_name("admission") == 2)
  assert(ygt.continuity_from_name("waive") == 2 and ygt.referral_state_from_name("in-progress") == 4)
  assert(ygt.referral_rule_kind_name(0) == ygt.referral_names.rule_kinds[1] and ygt.referral_rule_kind_from_name == nil)
end)

check("parse and decide", function()
  local rules = assert(ygt.referral_parse(nh, small, rules_json(), "small.json"))
  assert(rules:slip_valid_days() == 30)
  local id, kind, origin = rules:rule(0)
  assert(id == "catalogues[0]" and kind == "catalogue" and origin == "small.json: catalogues[0]")
  local d = assert(rules:decide{institution = "NH-T01", diagnosis = "J18.900", setting = "inpatient", cost_fen = 130000})
  assert(d.route == "treat_here" and d.deductible_fen == 30000 and d.fund_fen == 90000 and d.patient_fen == 40000)
  assert(d.trace[1] == "catalogues[0]")
  d = assert(rules:decide{institution = "NH-T01", diagnoses = {"I63.900"}, setting = "inpatient"})
  assert(d.route == "refer_up" and d.destinations[1] == "NH-H01" and d.tier == "county")
  assert(d.destination_indices[1] == nh:institution_find("NH-H01"))
end)

check("errors", function()
  local r, msg, code = ygt.referral_parse(nh, small, rules_json('"colour": 1, '), "bad.json")
  assert(r == nil and code == "YGT_EPARSE" and msg:find("bad.json") and msg:find("colour"))
  r, msg, code = ygt.referral_parse(nh, small,
    rules_json('"specialty": [{"community": "NOPE", "codes": "J18*"}], '), "bad.json")
  assert(r == nil and code == "YGT_ENOTFOUND" and msg:find("specialty%[0%]%.community"))
  r, msg, code = ygt.referral_load(nh, small, "/nonexistent")
  assert(r == nil and code == "YGT_EIO")
  local rules = assert(ygt.referral_parse(nh, small, rules_json()))
  local d
  d, msg, code = rules:decide{institution = "NH-T01", diagnosis = "Q99.999"}
  assert(d == nil and code == "YGT_ENOTFOUND")
  assert(not pcall(rules.decide, rules, {institution = "NOPE", diagnosis = "J18.900"}))
  assert(not pcall(rules.decide, rules, {institution = "NH-T01", diagnosis = "J18.900", setting = "evening"}))
end)

check("episode and batch", function()
  local rules = assert(ygt.referral_parse(nh, small, rules_json()))
  local ep = assert(ygt.episode())
  local d = assert(rules:decide({institution = "NH-T01", diagnosis = "J18.900", setting = "inpatient"}, ep))
  assert(ep:record(rules, d))
  assert(ep:paid_fen() == 30000 and ep:steps() == 1 and ep:institution() == nh:institution_find("NH-T01"))
  d = assert(rules:decide({institution = "NH-T01", diagnosis = "I63.900", setting = "inpatient"}, ep))
  assert(d.continuity == "top_up" and d.deductible_fen == 30000)
  assert(ep:record(rules, d))
  assert(ep:paid_fen() == 60000 and ep:state() == "requested")
  assert(ep:set_state("accepted"))
  local ok, msg, code = ep:set_state("requested")
  assert(ok == nil and code == "YGT_ESTATE")
  local out, bad = rules:decide_batch{
    institution = {nh:institution_find("NH-T01"), nh:institution_find("NH-T01"), 99999},
    diagnosis = {small:id("J18.900"), small:id("I63.900"), 0},
    setting = {1, 1, 1}, cost_fen = {130000, 0, 0}}
  assert(bad == 1)
  assert(out.status[1] == 0 and out.route[1] == 0 and out.fund_fen[1] == 90000)
  assert(out.route[2] == 1 and out.destination[2] == nh:institution_find("NH-H01"))
  assert(out.status[3] == ygt.errors.YGT_EINVAL and out.route[3] == -1)
  assert(not pcall(rules.decide_batch, rules, {institution = {1, 2}, diagnosis = {1}}))
end)

check("ninghai bundle", function()
  local dx = ygt.codes_load(shared .. "/icd/icd10_yibao_v2.0.tsv")
  if not dx then print("# skipped: shared data not present"); return end
  local rules = assert(ygt.referral_load(nh, dx, data .. "ninghai"))
  local d = assert(rules:decide{institution = "NH-H01", diagnosis = "I10.x00", grid = "NH-G01"})
  assert(d.route == "refer_down" and d.destinations[1] == "NH-T01")
  d = assert(rules:decide{institution = "NH-V1301", diagnosis = "I63.900", acuity = 1, setting = "inpatient"})
  assert(d.route == "emergency" and d.destinations[1] == "NH-H01" and d.priority[2] == "admission")
end)

require("harness").finish()
