-- DIP 3.0 from Lua: a catalogue whose scores come from a separate table,
-- a pre-group on ventilation hours, a subdivision and a not-grouped
-- diagnosis; the scores are worked out in the comments.
local ygt = require("yigongti")
local root = debug.getinfo(1, "S").source:match("^@(.*)/tests/lua/") or "."

local check = require("harness").check

local function write(text)
  local path = os.tmpname() .. ".tsv"
  local f = assert(io.open(path, "w")); f:write(text); f:close()
  return path
end

check("DIP 3.0 catalogue with a score table", function()
  local dx = assert(ygt.codes_new("diagnosis"))
  for _, c in ipairs({"J96.000", "A16.200", "A15.000x007", "R50.900"}) do assert(dx:add(c)) end
  local proc = assert(ygt.codes_new("procedure"))
  assert(proc:add("39.9500"))
  local cat_path = write(table.concat({
    "kind\tgroup\tname\tdx\tcond\twith_dx\tparent",
    "pregroup\tPRE-VENT\t呼吸机≥96小时\t\tvent_hours>=96\t\t",
    "not_grouped_dx\t\t发热\tR50*\t\t\t",
    "core\tA16-CON\t肺结核\tA16*\t\t\t",
    "subdivision\tA16-DR\t耐药肺结核\t\t\tA15.000x007\tA16-CON",
  }, "\n") .. "\n")
  local score_path = write("group\trw\tstd_cost\nPRE-VENT\t15\t150000\nA16-CON\t0.8\t8000\nA16-DR\t1.6\t16000\n")
  local cat = assert(ygt.dip_catalog_load(dx, proc, cat_path, score_path))
  local missing, msg = ygt.dip_catalog_load(dx, proc, cat_path)
  assert(missing == nil and msg:find("rw"))
  os.remove(cat_path); os.remove(score_path)
  local g = cat:group("A16-DR")
  assert(g.kind == "subdivision" and g.parent == "A16-CON" and g.rw == 1.6)
  local params = assert(ygt.settle_params_parse([[{
    "format": "yigongti-settle/1", "id": "lua-dip3",
    "provenance": {"document": "test", "locality": "440400", "period": ["2027-01-01", "2027-12-31"]},
    "level_coefficients": {"3A": 1.2},
    "insurance": {"employee": {"fund": "30000.00", "reimbursement_ratio": 0.5}}}]], "p.json"))
  local model = assert(ygt.model_load(root .. "/examples/data/zhuhai"))
  local cases = assert(ygt.cases_new(dx, proc))
  for i, k in ipairs({{"J96.000", nil, 100, 15000000}, {"A16.200", "A15.000x007", nil, 1600000},
                      {"R50.900", nil, nil, 100000}}) do
    assert(cases:append())
    cases:set(i, "pdx", k[1]); cases:set(i, "institution_index", 0); cases:set(i, "insurance", 0)
    if k[2] then assert(cases:add_code(i, "sdx", k[2])) end
    if k[3] then cases:set(i, "vent_hours", k[3]) end
    cases:set(i, "total_cost", k[4])
  end
  local scored = assert(assert(ygt.dip_engine(cat, params, model)):score(cases))
  -- cost = standard cost, level 3A × 1.2: 15 × 1.2 = 18 points; 1.6 × 1.2 = 1.92 points
  assert(scored.score_units[1] == 18000000 and scored.score_units[2] == 1920000)
  assert(ygt.settle_reason_name(scored.reason[3]) == "not_grouped")
  local _, trace = cat:match(cases, 3)
  assert(trace:find("the principal diagnosis is not grouped"))
end)

require("harness").finish()
