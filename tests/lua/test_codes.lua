-- Code dictionaries and code sets from Lua.
local ygt = require("yigongti")
local shared = os.getenv("YGT_SHARED_DATA") or "../shared/data"

local check = require("harness").check

local function small()
  local dx = assert(ygt.codes_new("diagnosis"))
  for _, row in ipairs({{"I63.900", "脑梗死"}, {"I21.900", "急性心肌梗死"}, {"I20.000", "不稳定性心绞痛"},
                        {"I63.900x001", "脑梗死恢复期"}, {"O80.000", "单胎顺产"}}) do
    assert(dx:add(row[1], row[2]))
  end
  return dx
end

check("normalize", function()
  assert(ygt.normalize(" k35.800X001 ") == "K35.800x001")
  local v, msg, code = ygt.normalize("脑梗死")
  assert(v == nil and code == "YGT_EINVAL" and msg:find("not a valid code"))
  assert(ygt.code_max_length() == 63)
end)

check("dictionary", function()
  local dx = small()
  assert(dx:count() == 5 and dx:kind() == "diagnosis")
  assert(dx:id("i63.900") == 0)
  local id, msg, code = dx:id("Z99.999")
  assert(id == nil and code == "YGT_ENOTFOUND" and msg:find("Z99.999"))
  assert(dx:code(3) == "I63.900x001" and dx:name(1) == "急性心肌梗死")
  local ids = dx:ids({"O80.000", "nope"})
  assert(ids[1] == 4 and ids[2] == ygt.errors.YGT_ENOTFOUND)
  local none, _, rcode = dx:code(99)
  assert(none == nil and rcode == "YGT_ERANGE")
  local dup, dmsg, dcode = dx:add("I63.900")
  assert(dup == nil and dcode == "YGT_EEXISTS" and dmsg:find("I63.900"))
end)

check("grey codes", function()
  local dx = small()
  assert(dx:is_grey(0) == false)
  assert(dx:set_grey(0, true))
  assert(dx:is_grey(0) == true)
  assert(dx:set_grey(0, false) and dx:is_grey(0) == false)
  local r, _, code = dx:is_grey(42)
  assert(r == nil and code == "YGT_ERANGE")
end)

check("code sets", function()
  local dx = small()
  local s = assert(ygt.codeset(dx, "I*, !I63.900x001"))
  assert(s:count() == 3 and s:has("I63.900") and not s:has("I63.900x001") and not s:has("nope"))
  assert(s:has(dx:id("I21.900")))
  local m = s:has_many({0, 3, -6, 99})
  assert(m[1] == true and m[2] == false and m[3] == false and m[4] == false)
  assert(s:add("O*"):count() == 4)
  local other = assert(ygt.codeset(dx, "I2*"))
  assert(s:subtract(other):count() == 2)
  assert(s:union(other):count() == 4)
  local ids = s:ids()
  assert(#ids == 4 and ids[1] < ids[2])
  assert(s:codes() == dx)
  local empty = assert(ygt.codeset(dx))
  assert(empty:count() == 0 and empty:add_id(2):has("I20.000"))
  local bad, msg, code = ygt.codeset(dx, "I63.900 I63.999")
  assert(bad == nil and code == "YGT_ENOTFOUND" and msg:find("I63.999"))
end)

check("set keeps its dictionary alive", function()
  local s = assert(ygt.codeset(small(), "I63*"))
  collectgarbage(); collectgarbage()
  assert(s:count() == 2 and s:codes():code(0) == "I63.900")
end)

check("load errors", function()
  local c, msg, code = ygt.codes_load("/nonexistent.tsv", "procedure")
  assert(c == nil and code == "YGT_EIO" and msg:find("/nonexistent.tsv"))
  assert(not pcall(ygt.codes_new, "organ"))
end)

check("national list", function()
  local dx = ygt.codes_load(shared .. "/icd/icd10_yibao_v2.0.tsv")
  if not dx then print("# skipped: shared data not present"); return end
  assert(dx:count() == 33307)
  assert(dx:load_grey(shared .. "/icd/icd10_yibao_v2.0_grey.tsv"))
  assert(dx:is_grey(dx:id("A00.000")) and not dx:is_grey(dx:id("A00.000x001")))
end)

check("codes_load through a compiled cache", function()
  local root = debug.getinfo(1, "S").source:match("^@(.*)/tests/lua/") or "."
  local list = root .. "/tests/data/drg/tiny/dx_codes.tsv"
  local cache = os.tmpname()
  os.remove(cache)
  local text = assert(ygt.codes_load(list, "diagnosis"))
  local first = assert(ygt.codes_load(list, "diagnosis", cache))
  local again = assert(ygt.codes_load(list, "diagnosis", cache))
  assert(io.open(cache, "rb")):close()
  for _, d in ipairs({first, again}) do
    assert(d:count() == text:count())
    for i = 0, text:count() - 1 do assert(d:code(i) == text:code(i) and d:name(i) == text:name(i)) end
  end
  local f = assert(io.open(cache, "wb"))
  f:write("not a cache")
  f:close()
  assert(assert(ygt.codes_load(list, "diagnosis", cache)):count() == text:count())
  os.remove(cache)
end)

require("harness").finish()
