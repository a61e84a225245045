-- DRG rate method, point method, capitation, per-diem and workload
-- equivalents from Lua; the numbers are worked out in the comments.
local ygt = require("yigongti")
local check = require("harness").check

local function model()
  local b = assert(ygt.model_builder())
  assert(b:set_locality("330226", "宁海县"))
  assert(b:add_institution("H3", "县第一医院", "county", "general_hospital", "3A"))
  assert(b:add_institution("H2", "县中医院", "county", "tcm_hospital", "2A"))
  assert(b:add_institution("H1", "镇卫生院", "township", "township", "1"))
  assert(b:add_community("C1", "宁海医共体", "comprehensive"))
  assert(b:add_member("C1", "H3", "lead")); assert(b:add_member("C1", "H2")); assert(b:add_member("C1", "H1"))
  assert(b:add_grid("G1", "东片", "C1", "H1", 12000, 3000, 7000))
  assert(b:add_team("T1", nil, "H1", 1200)); assert(b:add_team("T2", nil, "H1", 800))
  return assert(b:build())
end

local function batch(rows)
  local dx, proc = assert(ygt.codes_new("diagnosis")), assert(ygt.codes_new("procedure"))
  local c = assert(ygt.cases_new(dx, proc))
  for _, r in ipairs(rows) do
    local row = assert(c:append{institution_index = r[1], insurance = r[2], discharge_date = r[3], los_days = r[4],
                                leaving_type = 1})
    assert(ygt.cases_set_int64(c, row, 18, r[5]))
    if r[6] then assert(ygt.cases_set_int64(c, row, 19, r[6])) end
  end
  return c, dx, proc
end

local function file(text)
  local path = os.tmpname() .. ".tsv"
  local f = assert(io.open(path, "w")); f:write((text:gsub("|", "\t"))); f:close()
  return path
end

check("DRG rate method", function()
  local m = model()
  local path = file("drg_code|rw|basic_group\nG1|1.5|0\nG2|0.8|1\n")
  local rates = assert(ygt.drgpay_load(path)); os.remove(path)
  assert(rates:count() == 2 and rates:group("G2").basic and rates:code(1) == "G2" and rates:code(5) == nil)
  assert(rates:set_base_rate(12000, "employee"))
  assert(rates:set_base_rate(6960, "employee", "1"))
  assert(rates:set_fund_ratio(0.9))
  assert(rates:standard("G1", "employee", "3A") == 1800000)       -- 12000 × 1.5
  assert(rates:standard("G2", "employee", "3A") == 556800)        -- 基础病组: 6960 × 0.8
  local c = batch({{0, 0, 20240115, 7, 1500000, 100000}})
  local acc, led = assert(ygt.settle_accum(3)), assert(ygt.settle_accum(3))
  local r = assert(rates:settle(m, c, {"G1"}, acc, led))
  assert(r.fund[1] == 1530000)                                    -- (18000 - 1000) × 0.9
  assert(led:total("fund") == 1530000)
  local text = assert(rates:explain(m, c, "G1", 1))
  assert(text:find("base rate 12000 yuan = standard 1800000 fen", 1, true), text)
  assert(text:find("amount 1800000 fen (the standard); fund 1530000 fen", 1, true), text)
  local no, why, code2 = rates:explain(m, c, "G1", 2)
  assert(no == nil and code2 == "YGT_ERANGE" and why:find("outside the batch", 1, true))
  local n, allowed, over = rates:special_review(acc)
  assert(n == 0 and allowed == 0 and not over)
  local rate = assert(rates:base_rate_from_budget(171000000, 0.9, {100, 50}))
  assert(math.abs(rate - 10000) < 1e-9)                           -- 1,900,000 / 190
  local none, msg, code = rates:set_fund_ratio(1.5)
  assert(none == nil and code == "YGT_ERANGE" and msg:find("fund ratio"))
  local w = assert(ygt.drgpay_weights_from_costs(2, {0, 0, 1}, {100, 300, 400}))
  assert(math.abs(w[2] - 1.5) < 1e-12)                            -- 400 / (800 / 3)
  local made = assert(ygt.drgpay_new({"A", "B"}, {1.0, 2.0}))
  assert(made:standard("B", 0, "unrated") == 0)
end)

check("point method", function()
  local m = model()
  local path = file("group_code|base_points|mean_cost\nP1|100|10000\n")
  local pts = assert(ygt.points_load(path)); os.remove(path)
  assert(pts:set_level_coef("3A", 1.2)); assert(pts:set_level_coef("1", 0.8))
  assert(math.abs(pts:level_coef("2A") - 1.08) < 1e-12)          -- 0.9 × 1.2
  assert(pts:set_fund("employee", 2400000))
  local c = batch({{0, 0, 20240115, 7, 900000}, {2, 0, 20240315, 7, 900000}})
  local acc = assert(ygt.settle_accum(3))
  local s = assert(pts:score(m, c, {"P1", "P1"}, acc))
  assert(s.score_units[1] == 120000000 and s.score_units[2] == 80000000)
  local v = assert(pts:finalise(acc))
  assert(math.abs(v:point_value("employee") - 120) < 1e-9)       -- 24000 / 200 points
  assert(pts:get("readmit_days") == 15)
  local counts = assert(pts:group_counts({"P1", "P1"}))
  assert(counts[1] == 2)
  local marks = assert(pts:readmissions(c, {1, 2}, {"P1", "P1"}))
  assert(marks[1] == 0)
  local none, _, code = pts:set("coef_mode", 5)
  assert(none == nil and code == "YGT_ERANGE")
  local bp = assert(ygt.points_base_from_costs(2, {0, 1}, {100, 300}))
  assert(math.abs(bp[1] - 50) < 1e-12)
end)

check("capitation, per diem, workload", function()
  local m = model()
  assert(ygt.capitation_persons(m, 2, "signed") == 2000)
  assert(ygt.capitation_persons(m, 2, "insured", "resident") == 7000)
  local pool = assert(ygt.capitation_pool(1000, 2000, 0.9, 12, 1.05))
  assert(pool == 22680000)                                        -- 10 × 2000 × 0.9 × 12 × 1.05
  local c = batch({{0, 1, 20240105, 1, 50000}, {2, 1, 20240105, 1, 9000}})
  local charged = assert(ygt.capitation_charges(c, {2, 2}, 3))
  assert(charged[3] == 50000)
  assert(ygt.capitation_balance(pool, charged[3]) == 22630000)
  local path = file("class|level|from_day|to_day|rate\npsy|*|1|30|300\npsy|*|31||250\n")
  local pd = assert(ygt.perdiem_load(path)); os.remove(path)
  assert(pd:amount("psy", "1", 40) == 1150000)                   -- 30 × 300 + 10 × 250
  assert(pd:set_fund_ratio(0.8))
  local r = assert(pd:settle(m, batch({{2, 0, 20240301, 40, 1000000}}), {"psy"}))
  assert(r.fund[1] == 920000)
  local why = assert(pd:explain(m, batch({{2, 0, 20240301, 40, 1000000}}), "psy", 1))
  assert(why:find("days 1-30: 30 x 30000 fen + days 31-40: 10 x 25000 fen = amount 1150000 fen", 1, true), why)
  path = file("item_code|equivalent\nV|1\nH|3.5\n")
  local w = assert(ygt.workload_load(path)); os.remove(path)
  local units = assert(w:tally(2, {0, 1}, {"V", "H"}, {100, 20}))
  local amounts, unit = assert(ygt.workload_compensate(units, 1700000, {1.0, 0.9}))
  assert(math.abs(unit - 100) < 1e-9 and amounts[1] == 1000000 and amounts[2] == 630000)
  local bad = file("item_code|equivalent\nV|x\n")
  local none, msg, code = ygt.workload_load(bad); os.remove(bad)
  assert(none == nil and code == "YGT_EPARSE" and msg:find("equivalent"))
end)
require("harness").finish()
