-- "*" keys never depend on where they stand (issue 18, part 3): scheme.json
-- DRG base rates and levels parsed by C through the Lua binding.
local ygt = require("yigongti")
local here = debug.getinfo(1, "S").source:match("^@(.*)/tests/lua/[^/]*$") or "."
local check = require("harness").check

local ca = assert(ygt.model_load(here .. "/examples/data/chunan")) -- CA-R01 is 3A
local rates = os.tmpname()
do
  local f = assert(io.open(rates, "w"))
  f:write("drg_code\trw\nG1\t1\n")
  f:close()
end

-- The amount of one resident stay of G1 (RW 1) at CA-R01 costing cost fen.
local function amount(base_rates, levels, cost)
  local text = string.format('{"format": "yigongti-scheme/1", "lines": {"inpatient": {"method": "drg", '
    .. '"table": "%s", "base_rates": %s, "levels": %s}}}', rates:match("[^/]*$"), base_rates, levels)
  local s = assert(ygt.scheme_parse(ca, text, "scheme.json", rates:match("^(.*)/")))
  local dx, proc = assert(ygt.codes_new("diagnosis")), assert(ygt.codes_new("procedure"))
  local c = assert(ygt.cases_new(dx, proc))
  local row = assert(c:append{institution_index = ca:institution_find("CA-R01"), insurance = "居民", los_days = 5,
                              discharge_date = 20240310})
  assert(ygt.cases_set_int64(c, row, 18, cost))
  local r = assert(s:settle{stays = c, groups = {"G1"}})
  return r:stays()[1].amount
end

check("base_rates: * first or last", function()
  local lv = '{"3A": {"adjust": 1.1}}'
  assert(amount('{"resident": {"3A": 10000, "*": 6500}}', lv, 800000) == 1100000)
  assert(amount('{"resident": {"*": 6500, "3A": 10000}}', lv, 800000) == 1100000)
end)

check("levels: * first or last", function()
  local br = '{"resident": {"*": 10000}}'
  assert(amount(br, '{"3A": {"high_factor": 3}, "*": {"high_factor": 5}}', 4000000) == 4000000)
  assert(amount(br, '{"*": {"high_factor": 5}, "3A": {"high_factor": 3}}', 4000000) == 4000000)
end)

os.remove(rates)
require("harness").finish()
