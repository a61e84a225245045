-- The one table of accepted spellings (labels.h) from Lua: the C parser
-- behind ygt.label, the enum parsers, cases:append and cases:load.
local ygt = require("yigongti")
local check = require("harness").check

check("every spelling of an insurance type is one value", function()
  for _, s in ipairs{"employee", "职工", "职工医保", "0", "310"} do assert(ygt.label("insurance", s) == 0, s) end
  for _, s in ipairs{"resident", "居民", "居民医保", "1", "390"} do assert(ygt.label("insurance", s) == 1, s) end
  assert(ygt.insurance_from_name("居民") == 1)
  assert(ygt.label("level", "三甲") == 7 and ygt.hospital_level_from_name("三甲") == 7)
  assert(ygt.label("sex", "女") == 2 and ygt.label("setting", "住院") == 1 and ygt.label("tier", "县级") == 2)
  local v, msg, code = ygt.label("insurance", "农合")
  assert(v == nil and code == "YGT_ENOTFOUND" and msg:find("unknown insurance type '农合'"), msg)
  local all = ygt.label_spellings("insurance")
  assert(all["职工"] == 0 and all["居民医保"] == 1 and all.employee == 0)
end)

check("cases: append and load read the same table", function()
  local dx = assert(ygt.codes_new("diagnosis"))
  local proc = assert(ygt.codes_new("procedure"))
  assert(dx:add("A00.000"))
  local cases = assert(ygt.cases_new(dx, proc))
  for _, s in ipairs{"职工", "职工医保", "employee"} do
    local row = assert(cases:append{pdx = "A00.000", insurance = s, sex = "男"})
    assert(cases:get(row, "insurance") == 0 and cases:get(row, "sex") == 1)
  end
  local ok, msg = cases:append{pdx = "A00.000", insurance = "农合"}
  assert(ok == nil and msg:find("unknown insurance type"), msg)
  local path = os.tmpname()
  local f = assert(io.open(path, "w"))
  f:write("pdx\tinsurance\tsex\nA00.000\t居民\t女\nA00.000\t1\t2\nA00.000\t农合\t1\n")
  f:close()
  local c2 = assert(ygt.cases_new(dx, proc))
  assert(c2:load(path))
  assert(c2:get(1, "insurance") == 1 and c2:get(2, "insurance") == 1 and c2:get(1, "sex") == 2)
  assert(c2:row_flags(1) == 0 and c2:row_flags(3) ~= 0)
  assert(c2:row_message(3):find(path .. ":4: insurance: unknown insurance type", 1, true), c2:row_message(3))
  os.remove(path)
end)

require("harness").finish()
