-- The small test harness every Lua test uses: check(name, fn) runs fn and
-- prints TAP-style lines; finish() prints the totals and sets the exit code.
local harness = {count = 0, failures = 0}

function harness.check(name, fn)
  harness.count = harness.count + 1
  local ok, err = pcall(fn)
  if ok then
    print("ok " .. harness.count .. " - " .. name)
  else
    harness.failures = harness.failures + 1
    print("not ok " .. harness.count .. " - " .. name .. ": " .. tostring(err))
  end
end

function harness.finish()
  print(string.format("1..%d", harness.count))
  print(string.format("%d passed, %d failed", harness.count - harness.failures, harness.failures))
  os.exit(harness.failures == 0 and 0 or 1)
end

return harness
