-- DIP settlement from Lua: a small batch built by hand, scored, finalised
-- and priced; the numbers are worked out in the comments.
local ygt = require("yigongti")
local root = debug.getinfo(1, "S").source:match("^@(.*)/tests/lua/") or "."

local check = require("harness").check

local function dicts()
  local dx = assert(ygt.codes_new("diagnosis"))
  for _, c in ipairs({"I63.900", "K80.100", "J18.900"}) do assert(dx:add(c)) end
  local proc = assert(ygt.codes_new("procedure"))
  for _, c in ipairs({"51.2300", "88.7100"}) do assert(proc:add(c)) end
  return dx, proc
end

local catalogue = table.concat({
  "kind\tgroup\tname\tdx\tprocs\tproc_type\trw\tstd_cost\tgrassroots",
  "proc_type\t\t\t\t51.23*\tsurgical\t\t\t",
  "core\tK80-LC\t腹腔镜胆囊切除\tK80.1*\t51.23*\t\t1.5\t10000\t0",
  "core\tI63-CON\t脑梗死保守治疗\tI63.9*\t\t\t1.0\t8000\t1",
}, "\n") .. "\n"

local params_json = [[{
  "format": "yigongti-settle/1", "id": "lua-test",
  "provenance": {"document": "test", "locality": "440400", "period": ["2024-01-01", "2024-12-31"]},
  "level_coefficients": {"3A": 1.2},
  "insurance": {"employee": {"fund": "30000.00", "reimbursement_ratio": 0.5}}
}]]

local function world()
  local dx, proc = dicts()
  local path = os.tmpname() .. ".tsv"
  local f = assert(io.open(path, "w")); f:write(catalogue); f:close()
  local cat = assert(ygt.dip_catalog_load(dx, proc, path))
  os.remove(path)
  local params = assert(ygt.settle_params_parse(params_json, "p.json"))
  local model = assert(ygt.model_load(root .. "/examples/data/zhuhai"))
  return dx, proc, cat, params, model
end

check("catalogue and parameters", function()
  local _, _, cat, params = world()
  assert(cat:count() == 2)
  local g = cat:group("K80-LC")
  assert(g.kind == "core" and g.rw == 1.5 and not g.grassroots)
  assert(params:id() == "lua-test" and params:provenance("locality") == "440400")
  assert(params:get(2) == 5)   -- extreme threshold, default
  local none, msg, code = ygt.settle_params_parse('{"format": "yigongti-settle/1", "id": 1}', "bad.json")
  assert(none == nil and code == "YGT_EPARSE" and msg:find("bad.json") and msg:find("id"))
end)

check("settle a small batch", function()
  local dx, proc, cat, params, model = world()
  local engine = assert(ygt.dip_engine(cat, params, model))
  local cases = assert(ygt.cases_new(dx, proc))
  -- ZH-H01 is a 3A hospital: level coefficient 1.2
  local rows = {
    {case_id = "A", institution = "ZH-H01", insurance = 0, discharge_date = 20240310, pdx = "K80.100",
     procs = {"51.2300"}},                        -- K80-LC: cost 10000 = std: 1.5 × 1.2 = 1.8 points
    {case_id = "B", institution = "ZH-H01", insurance = 0, discharge_date = 20240410, pdx = "I63.900"},
                                                  -- I63-CON (基层病种): 1.0 × 1 = 1.0 point
    {case_id = "C", institution = "ZH-H01", insurance = 0, discharge_date = 20240410, pdx = "J18.900"},
                                                  -- unmatched: special review
  }
  local cost = {1000000, 800000, 500000}
  for i, r in ipairs(rows) do
    local row = assert(cases:append(r))
    assert(ygt.cases_set_int64(cases, row, 18, cost[i]))      -- total_cost, fen
    assert(ygt.cases_set_int64(cases, row, 19, 100000))       -- self_paid 1000 yuan
  end
  assert(ygt.cases_get_int64(cases, 1, 18) == 1000000)
  assert(ygt.cases_resolve_institutions(cases, model) == 0)
  local group, trace = cat:match(cases, 1)
  assert(group == "K80-LC" and trace:find("core group K80%-LC"))
  local r = assert(ygt.dip_settle(engine, cases, model:institution_count()))
  assert(r.group[1] == "K80-LC" and r.group[3] == "")
  assert(r.score_units[1] == 1800000 and r.score_units[2] == 1000000)
  assert(ygt.settle_status_name(r.status[3]) == "special_review")
  assert(ygt.settle_reason_name(r.reason[3]) == "unmatched")
  -- point value: 30000 / 0.5 = 60000 yuan over 2.8 points = 21428.57... yuan
  local pv = r.values:point_value("employee")
  assert(math.abs(pv - 60000 / 2.8) < 1e-9)
  -- A: 1.8 × 2142857.142857 fen = 3857142.857 -> 3857143; fund 3857143 - 100000
  assert(r.amount[1] == 3857143 and r.fund[1] == 3757143)
  -- B: 1.0 × 2142857.142857 -> 2142857
  assert(r.amount[2] == 2142857 and r.amount[3] == 0)
  assert(r.ledger:total("amount") == 3857143 + 2142857)
  assert(r.scores:total("special_review") == 1)
  -- no history: the budget value is the settlement value; prepayment ratio 1
  assert(ygt.settle_prepayment(r.ledger, r.values) == r.ledger:total("budget_fund"))
  assert(ygt.settle_clearing(r.ledger, r.values) == r.ledger:total("fund") - ygt.settle_prepayment(r.ledger, r.values))
  assert(engine:explain(cases, 1):find("= 1800000 units"))
  -- the trace of A's price: 1800000 units x the point value in fen, half away from zero, less the share
  local pvf = r.values:point_value_fen("employee")
  assert(pvf == pv * 100 or math.abs(pvf - pv * 100) < 1e-6)
  local x = 1800000 * pvf / 1000000
  assert(math.floor(x + 0.5) == r.amount[1])
  local text = r.values:price_explain(cases, r.status[1], r.score_units[1], 1)
  assert(text:find("amount 3857143 fen", 1, true) and text:find("fund 3757143 fen", 1, true), text)
  assert(ygt.settle_patient_share(cases, 1) == 100000)
  assert(r.values:price_explain(cases, r.status[3], r.score_units[3], 3):find("^not priced %(special_review%)"))
  local acc = assert(ygt.settle_accum(model:institution_count()))
  assert(engine:score(cases, acc).score_units[1] == 1800000)
  assert(acc:total("score_units") == 2800000)
  assert(r.values:params_id() == "lua-test")
end)

check("prepayments floored at zero, parameters scaled", function()
  local dx, proc, cat, _, model = world()
  -- a history of 100 yuan: budget value 100 / (1.5 + 1.0) = 40 yuan per point, far below the patients' 1000 yuan
  local params = assert(ygt.settle_params_parse(params_json:gsub('"reimbursement_ratio": 0.5',
    '"reimbursement_ratio": 0.5, "history": {"costs": ["100.00"]}'), "p.json"))
  local engine = assert(ygt.dip_engine(cat, params, model))
  local cases = assert(ygt.cases_new(dx, proc))
  local rows = {{case_id = "A", institution = "ZH-H01", insurance = 0, discharge_date = 20240310, pdx = "K80.100",
                 procs = {"51.2300"}},
                {case_id = "B", institution = "ZH-H01", insurance = 0, discharge_date = 20240410, pdx = "I63.900"}}
  for i, r in ipairs(rows) do
    local row = assert(cases:append(r))
    assert(ygt.cases_set_int64(cases, row, 18, ({1000000, 800000})[i]))
    assert(ygt.cases_set_int64(cases, row, 19, 100000))
  end
  assert(ygt.cases_resolve_institutions(cases, model) == 0)
  local r = assert(ygt.dip_settle(engine, cases, model:institution_count()))
  assert(r.values:budget_point_value("employee") == 40)
  -- A: 1.8 × 4000 fen - 100000 = -92800; B: 4000 - 100000 = -96000: both months prepay 0
  assert(ygt.settle_prepayment(r.ledger, r.values) == 0)
  local cells, raised = ygt.settle_prepayment_floors(r.ledger, r.values)
  assert(cells == 2 and raised == 92800 + 96000)
  cells, raised = ygt.settle_prepayment_floors(r.ledger, r.values, 1, "employee", 3)
  assert(cells == 1 and raised == 92800)
  assert(ygt.settle_clearing(r.ledger, r.values) == r.ledger:total("fund"))
  -- half the population: half the fund and history, the same ratios
  local half = assert(params:scaled(0.5))
  assert(half:id() == "lua-test" and half:has_insurance("employee"))
  local r2 = assert(ygt.dip_settle(assert(ygt.dip_engine(cat, half, model)), cases, model:institution_count()))
  assert(r2.values:point_value("employee") == r.values:point_value("employee") / 2)
  assert(r2.values:budget_point_value("employee") == 20)
  local none, _, code = params:scaled(0)
  assert(none == nil and code == "YGT_ERANGE")
end)

check("columns, names and pricing by hand", function()
  local dx, proc, cat, params, model = world()
  assert(cat:std_cost("K80-LC", 7) == 1000000)
  assert(params:level_coef(7) == 1.2 and params:level_coef(1) == 1.0)
  assert(params:has_insurance("employee") and not params:has_insurance("resident"))
  assert(ygt.dip_proc_type_name(3) == "surgical" and ygt.settle_field_name(12) == "amount")
  assert(ygt.cases_na64() == math.mininteger and ygt.settle_score_unit == 1000000)
  local cases = assert(ygt.cases_new(dx, proc))
  assert(cases:attach_int32("pdx", {dx:id("I63.900"), dx:id("I63.900")}))
  assert(cases:attach_int32("institution_index", {0, 0}))
  assert(cases:attach_int32("insurance", {0, 0}))
  assert(ygt.cases_attach_int64(cases, 18, {800000, 400000}))
  local acc = assert(ygt.settle_accum(model:institution_count()))
  assert(acc:institutions() == model:institution_count())
  local scored = assert(assert(ygt.dip_engine(cat, params, model)):score(cases, acc))
  -- I63-CON is a 基层病种: 1.0 point each (cost 8000 = std; 4000 = 0.5 × std is not below low)
  assert(scored.score_units[1] == 1000000 and scored.score_units[2] == 1000000)
  local values = assert(ygt.settle_finalise(acc, params))
  -- 30000 / 0.5 = 60000 yuan over 2 points: 30000 yuan per point, 3000000 fen per case
  assert(values:point_value("employee") == 30000 and values:fund_base("employee") == 60000)
  local amount, fund = assert(ygt.settle_price(values, cases, scored.status, scored.score_units))
  assert(amount[1] == 3000000 and amount[2] == 3000000 and fund[1] == 3000000)
end)

require("harness").finish()
