-- The Lua binding's foundation: version, error codes, error convention.
local ygt = require("yigongti")
local expected = os.getenv("YGT_EXPECTED_VERSION") or "0.2.0"

local check = require("harness").check

check("version string", function()
  assert(ygt.version() == expected, "got " .. tostring(ygt.version()))
end)

check("version number", function()
  local major, minor, patch = expected:match("(%d+)%.(%d+)%.(%d+)")
  assert(ygt.version_number() == major * 10000 + minor * 100 + patch)
end)

check("version parts", function()
  local major, minor, patch = ygt.version_info()
  assert(string.format("%d.%d.%d", major, minor, patch) == expected)
  assert(ygt.clear_error() == true)
end)

check("error codes table", function()
  assert(ygt.errors.YGT_OK == 0)
  assert(ygt.errors.YGT_ENOMEM == -1)
  assert(ygt.errors.YGT_EINTERNAL == -14)
  assert(ygt.errors.YGT_EACCOUNTS == -15)
  assert(ygt.errors.YGT_EUNKNOWN == nil)
end)

check("names and descriptions", function()
  assert(ygt.error_name(-6) == "YGT_ENOTFOUND")
  assert(ygt.strerror(-3) == "input/output error")
  assert(ygt.error_name(7) == "YGT_EUNKNOWN")
end)

check("success returns a value", function()
  assert(ygt.reset_allocator() == true)
  assert(ygt.allocated_blocks() == 0)
end)

check("bundle paths stay in the bundle unless allowed", function()
  assert(ygt.outside_paths() == false)
  assert(ygt.set_outside_paths(true) == false)
  assert(ygt.outside_paths() == true)
  assert(ygt.set_outside_paths(false) == true)
end)

check("bad argument type raises", function()
  local ok = pcall(ygt.strerror, "not a number")
  assert(not ok)
end)

require("harness").finish()
