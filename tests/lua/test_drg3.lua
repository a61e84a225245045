-- CHS-DRG 3.0 from Lua: the synthetic workbook (tests/data/drg3/synthetic) and,
-- when ../shared/data is there, the three documented cases of the official rules.
local ygt = require("yigongti")
local shared = os.getenv("YGT_SHARED_DATA") or "../shared/data"
local root = debug.getinfo(1, "S").source:match("^@(.*)/tests/lua/") or "."
local synth = root .. "/tests/data/drg3/synthetic"
local fixture = root .. "/tests/data/drg3"

local check = require("harness").check

local cfg = assert(ygt.drg3_load(synth))

local function group(c, rows)
  local cases = assert(ygt.cases_new(c))
  for _, r in ipairs(rows) do
    cases:append{sex = 1, age_years = r[4], pdx = r[1], sdx = r[2], procs = r[3]}
  end
  return assert(c:group(cases))
end

check("configuration access", function()
  assert(cfg:count("mdc") == 6 and cfg:count("adrg") == 15 and cfg:count("drg") == 26)
  local id = assert(cfg:find("drg", "HC43"))
  assert(cfg:code("drg", id) == "HC43" and cfg:name("drg", id) == "胆囊切除，伴一般合并症或并发症")
  local none, msg, code = cfg:find("drg", "ZZ99")
  assert(none == nil and code == "YGT_ENOTFOUND" and msg:find("ZZ99"))
  assert(cfg:provenance("name") == "synthetic" and cfg:provenance("sha256") == nil)
  assert(cfg:missing_set_count() == 0)
  assert(cfg:codes("diagnosis"):id("K80.101") ~= nil)
  assert(not pcall(cfg.code, cfg, "drg", 999))
end)

check("compiled rule nodes", function()
  -- the C library's count for the synthetic workbook (tests/python/test_drg3.py asserts the same):
  -- at least one node per rule of its 27 non-empty rules
  assert(cfg:node_count() == 68)
end)

check("group hand-checked cases", function()
  local r = group(cfg, {
    {"K80.101", {}, {"51.2300"}, 45}, {"K80.101", {"I50.900"}, {"51.2300"}, 45},
    {"K81.000", {"I50.900"}, {"51.2300"}, 45}, {"K80.101", {}, {"51.3600", "51.3700"}, 5},
    {"K80.101", {}, {"51.8800"}, 45}, {"K80.101", {}, {}, 45}, {"A00.000", {}, {}, 45},
  })
  local want = {"HC45", "HC43", "HC45", "HB1D", "HQY", "H000"}
  for i, d in ipairs(want) do assert(r[i].drg == d, i .. ": " .. tostring(r[i].drg)) end
  assert(r[5].status == "QY" and r[6].flags & ygt.DRG3_FLAG_PLACEHOLDER ~= 0)
  assert(r[7].drg == nil and r[7].mdc == nil and r[7].status == "UNKNOWN_PDX")
end)

check("a traced case says why", function()
  local cases = assert(ygt.cases_new(cfg))
  cases:append{sex = 1, age_years = 45, pdx = "K81.000", sdx = {"I50.900"}, procs = {"51.2300"}}
  local r, steps = assert(cfg:group_traced(cases, 1))
  assert(r.drg == "HC45" and steps[#steps].kind == "result")
  local excluded = 0
  for _, s in ipairs(steps) do
    if s.kind == "cc_excluded" then excluded = excluded + 1 end
  end
  assert(excluded == 1)
end)

check("errors name the file, line and rule", function()
  local none, msg, code = ygt.drg3_load_files{mdc = synth .. "/mdc.tsv", adrg = synth .. "/drg.tsv",
                                               drg = synth .. "/drg.tsv", sets = synth .. "/sets.tsv"}
  assert(none == nil and code == "YGT_ENOTFOUND" and msg:find("drg.tsv"), msg)
end)

check("official rules and cases A, B, C", function()
  local dir = shared .. "/chs-drg-3.0"
  local f = io.open(dir .. "/drg.tsv")
  if not f then
    print("SKIPPED: " .. dir .. "/drg.tsv not found")
    return
  end
  f:close()
  local off = assert(ygt.drg3_load_files({mdc = dir .. "/mdc.tsv", adrg = dir .. "/adrg.tsv", drg = dir .. "/drg.tsv",
                                          sets = dir .. "/sets_sample.tsv", cc = fixture .. "/official_cc.tsv",
                                          exclusion = fixture .. "/official_exclusion.tsv"}, true))
  local r = group(off, {{"K80.101", {"I50.900"}, {"51.2300"}, 45}, {"K80.302", {"I10.x00", "E11.900"}, {"51.2300"}, 70},
                        {"K80.302", {}, {"50.5100"}, 45}})
  assert(r[1].drg == "HC43" and r[2].drg == "HC45" and r[3].mdc == "MDCA" and r[3].adrg == "AB1" and r[3].drg == "AB19")
end)
check("versions by discharge date", function()
  local path = os.tmpname() .. ".tsv"
  local f = assert(io.open(path, "w"))
  local abs = root:sub(1, 1) == "/" and root or (os.getenv("PWD") .. "/" .. root)
  f:write("from\tto\tgrouper\n2026-01-01\t2026-06-30\t" .. abs .. "/tests/data/drg/tiny\n2026-07-01\t\t" .. abs .. "/tests/data/drg3/synthetic\n")
  f:close()
  local v = assert(ygt.drg_versions_load(path))  -- grouper paths are absolute or relative to the table
  os.remove(path)
  local from, to = v:period(2)
  assert(v:count() == 2 and from == 20260701 and to == 99991231 and v:find(20260630) == 1 and v:find(20251231) == nil)
  local batches = {}
  for i = 1, 2 do
    batches[i] = assert(ygt.cases_new(v:codes(i, "diagnosis"), v:codes(i, "procedure")))
    for _, date in ipairs({20260630, 20260701, 20250101}) do
      batches[i]:append{sex = 1, age_years = 45, pdx = "K80.101", procs = {"51.2300"}, discharge_date = date}
    end
  end
  local r = v:group(batches)
  -- K80.101 is unknown to the tiny 1.1-style pack; the 3.0 workbook groups it to HC45
  assert(r[1].version == 1 and r[1].status == "UNKNOWN_PDX")
  assert(r[2].version == 2 and r[2].drg == "HC45" and r[2].status == "OK")
  assert(r[3].version == nil and r[3].status == "NO_PERIOD")
  assert(v:group(batches, 2)[1].drg == "HC45")
end)
require("harness").finish()
