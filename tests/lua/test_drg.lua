-- DRG grouping and case batches from Lua: the tiny test pack and CHS-DRG 1.1.
local ygt = require("yigongti")
local shared = os.getenv("YGT_SHARED_DATA") or "../shared/data"
local root = debug.getinfo(1, "S").source:match("^@(.*)/tests/lua/") or "."
local tiny_dir = root .. "/tests/data/drg/tiny"

local check = require("harness").check

local tiny = assert(ygt.drg_pack_load(tiny_dir))

check("pack access", function()
  assert(tiny:name() == "tiny")
  assert(tiny:mdc_count() == 8 and tiny:adrg_count() == 17 and tiny:drg_count() == 24)
  local gr13 = assert(tiny:find("drg", "GR13"))
  assert(tiny:drg_code(gr13) == "GR13" and tiny:drg_name(gr13) == "消化内科，伴并发症")
  local gr1 = tiny:drg_adrg(gr13)
  assert(tiny:adrg_code(gr1) == "GR1" and tiny:adrg_name(gr1) == "消化内科")
  local g = tiny:adrg_mdc(gr1)
  assert(tiny:mdc_code(g) == "MDCG" and tiny:mdc_name(g) == "消化")
  assert(tiny:mdc_code(-1) == "0000" and tiny:adrg_code(-1) == "00" and tiny:drg_code(-1) == "0000")
  local none, msg, code = tiny:find("drg", "ZZ99")
  assert(none == nil and code == "YGT_ENOTFOUND" and msg:find("ZZ99"))
  local bad, _, rcode = tiny:adrg_mdc(999)
  assert(bad == nil and rcode == "YGT_ERANGE")
  assert(tiny:has_map("diagnosis") and tiny:has_map("procedure"))
  local dx = tiny:codes("diagnosis")
  assert(dx:count() == 21 and dx:id("A00.000") == 0 and dx:code(0) == "A00.000" and dx:name(0) == "霍乱")
  assert(dx:id("nope") == nil)
  -- a borrowed dictionary: usable wherever a dictionary is read, never changed
  assert(dx:kind() == "diagnosis" and assert(ygt.codeset(dx, "A00.000")):has("A00.000"))
  assert(not pcall(dx.add, dx, "X00.000"), "a pack's dictionary is read-only")
end)

check("group one case and a small batch", function()
  local cases = assert(ygt.cases_new(tiny))
  assert(cases:append{sex = 1, age_years = 50, pdx = "A00.000", sdx = {"J96.000"}} == 1)
  cases:append{sex = 2, age_years = 60, pdx = "N40.000"}
  cases:append{sex = 3, age_years = 60, pdx = "N40.000"}
  cases:append{sex = 1, age_years = 50, pdx = "A00.000", procs = {"99.0000", "45.0000"}}
  cases:append{sex = 1, age_years = 50, pdx = "A00.001"}
  local r = assert(tiny:group(cases))
  local drgs = {}
  for i, x in ipairs(r) do drgs[i] = x.drg end
  assert(table.concat(drgs, " ") == "GR11 NR19 0000 GQY 0000", table.concat(drgs, " "))
  assert(r[3].status == "INVALID_SEX" and r[4].status == "QY" and r[5].status == "UNKNOWN_PDX")
  assert(r[5].flags == 1 and r[1].mdc == "MDCG" and r[1].adrg == "GR1" and r[1].status_code == 0)
  local one = assert(tiny:group(cases, 4, 1, ygt.drg_options.QY_OFF))
  assert(#one == 1 and one[1].drg == "GR15")
  local mapped = assert(tiny:group(cases, 5, 1, ygt.drg_options.MAP_CODES))
  assert(mapped[1].drg == "GR15" and mapped[1].flags == 8)
  local none, _, code = tiny:group(cases, 5, 2)
  assert(none == nil and code == "YGT_ERANGE")
  assert(ygt.drg_status_name(21) == "NO_ADRG" and ygt.drg_status_class(44) == 3)
  local bad, _, ccode = ygt.drg_status_class(7)
  assert(bad == nil and ccode == "YGT_EINVAL")
end)

check("trace", function()
  local cases = assert(ygt.cases_new(tiny))
  cases:append{sex = 1, age_years = 50, pdx = "A00.000", sdx = {"I50.000", "E11.000"}}
  local r, steps = assert(tiny:group_traced(cases, 1))
  assert(r.drg == "GR13")
  assert(steps[1].kind == "validate" and steps[#steps].kind == "result")
  local found = false
  for _, s in ipairs(steps) do
    if s.kind == "mcc_excluded" then
      found = true
      assert(s.code == tiny:codes("diagnosis"):id("I50.000") and s.value == 1 and s.line:find("excluded"))
    end
  end
  assert(found)
  local t = assert(ygt.drg_trace_new())
  tiny:group_traced(cases, 1, 0, t)
  assert(t:count() == #steps and t:line(#steps) == "result: OK MDCG GR1 GR13" and #t:steps() == #steps)
  local none, _, code = t:line(#steps + 1)
  assert(none == nil and code == "YGT_ERANGE")
end)

check("batch fields, problems and attached columns", function()
  local dx = tiny:codes("diagnosis")
  local cases = assert(ygt.cases_new(tiny))
  local row = cases:append{case_id = "a", sex = 1, age_years = 50, dept = "0301", pdx = "Z02.000"}
  assert(cases:get(row, "case_id") == "a" and cases:get(row, "dept") == "0301")
  assert(cases:get(row, "sex") == 1 and cases:get(row, "los_days") == ygt.cases_na())
  assert(cases:set(row, "los_days", 12) and cases:get(row, "los_days") == 12)
  assert(cases:set_int(row, "leaving_type", 5) and cases:set_string(row, "dept", "0105"))
  assert(cases:add_code(row, "sdx", "E11.000") and cases:add_code_id(row, "procs", 7))
  assert(cases:set_code(row, "pdx", "X00.000"))
  assert(cases:row_flags(row) == 2 and cases:row_message(row):find("X00.000") and cases:problem_count() == 1)
  assert(#cases:get(row, "sdx") == 1 and cases:get(row, "procs")[1] == 7)
  local bad, _, code = cases:add_code(5, "sdx", "E11.000")
  assert(bad == nil and code == "YGT_ERANGE")
  -- whole columns in one call equal the per-row getters
  local row2 = cases:append{case_id = "second-case", sex = 2, age_years = 40, pdx = "Z02.000"}
  local ids, depts = cases:strings("case_id"), cases:strings("dept", 2)
  assert(#ids == 2 and ids[1] == "a" and ids[2] == "second-case" and #depts == 1 and depts[1] == "")
  assert(#cases:strings("case_id", 2, 0) == 0)
  local flags, lines = cases:rows()
  for r = 1, cases:count() do assert(flags[r] == cases:row_flags(r) and lines[r] == cases:row_line(r)) end
  local none, _, rcode = cases:strings("case_id", 2, 5)
  assert(none == nil and rcode == "YGT_ERANGE")
  none, _, rcode = cases:strings("sex")
  assert(none == nil and rcode == "YGT_EINVAL")
  none, _, rcode = cases:rows(3, 1)
  assert(none == nil and rcode == "YGT_ERANGE")
  assert(row2 == 2)
  assert(cases:codes("diagnosis"):count() == 21 and cases:count() == 2)
  assert(ygt.cases_column_name(4) == "birth_weight_g" and ygt.cases_column_type(9) == 4)
  assert(ygt.cases_column_count() >= 11)

  local att = assert(ygt.cases_new(tiny))
  assert(att:attach_int32("sex", {1, 2}) and att:attach_int32("age_years", {50, 60}))
  assert(att:attach_int32("pdx", {dx:id("A00.000"), dx:id("N40.000")}))
  assert(att:attach_list("sdx", {0, 1, 1}, {dx:id("J96.000")}))
  local r = assert(tiny:group(att))
  assert(r[1].drg == "GR11" and r[2].drg == "NR19")
  local none, _, scode = att:append{sex = 1}
  assert(none == nil and scode == "YGT_ESTATE")
  local dxh = assert(ygt.codes_new("diagnosis"))
  local prh = assert(ygt.codes_new("procedure"))
  local own = assert(ygt.cases_new(dxh, prh, 4))
  assert(own:codes("procedure") == prh)
end)

local labelled = shared .. "/chs-drg-1.1/labelled_cases.tsv"
local f = io.open(labelled)
if f then
  f:close()
  check("CHS-DRG 1.1 labelled cases", function()
    local pack = assert(ygt.drg_pack_load(shared .. "/chs-drg-1.1"))
    local cases = assert(ygt.cases_new(pack))
    local none, msg, code = cases:load(labelled) -- expected_drg is the file's own column
    assert(none == nil and code == "YGT_EPARSE" and msg:find("expected_drg: unknown column", 1, true), msg)
    assert(cases:allow_columns("expected_drg"))
    assert(cases:load(labelled))
    local r = assert(pack:group(cases))
    local want, n = {}, 0
    for line in io.lines(labelled) do
      local id, drg = line:match("^(%d+)\t.*\t([%w]*)$")
      if id and drg ~= "" then want[id] = drg; n = n + 1 end
    end
    assert(n == 24)
    for i = 1, cases:count() do
      local id = cases:get(i, "case_id")
      if want[id] then assert(r[i].drg == want[id], id .. ": " .. r[i].drg) end
    end
  end)
else
  print("# skipped: " .. labelled .. " not found")
end

check("load errors", function()
  local none, msg, code = ygt.drg_pack_load("/nonexistent")
  assert(none == nil and code == "YGT_EIO" and msg:find("nonexistent"))
  local cases = assert(ygt.cases_new(tiny))
  local ok, _, lcode = cases:load(tiny_dir .. "/mdc.tsv")
  assert(ok == nil and lcode == "YGT_EPARSE")
end)

check("compiled pack cache", function()
  local cache = os.tmpname()
  os.remove(cache)
  local first = assert(ygt.drg_pack_load(tiny_dir, cache))
  local again = assert(ygt.drg_pack_load(tiny_dir, cache))
  assert(not tiny:cached() and not first:cached() and again:cached())
  assert(again:name() == tiny:name() and again:drg_count() == tiny:drg_count())
  for i = 0, tiny:drg_count() - 1 do
    assert(again:drg_code(i) == tiny:drg_code(i) and again:drg_name(i) == tiny:drg_name(i))
    assert(again:drg_adrg(i) == tiny:drg_adrg(i))
  end
  local f = assert(io.open(cache, "rb"))
  local good = f:read("a")
  f:close()
  f = assert(io.open(cache, "wb"))
  f:write(good:sub(1, #good // 2))
  f:close()
  assert(not assert(ygt.drg_pack_load(tiny_dir, cache)):cached())
  assert(assert(ygt.drg_pack_load(tiny_dir, cache)):cached())
  os.remove(cache)
end)

local function temp_table(text)
  local path = os.tmpname() .. ".tsv"
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

check("closest_name: the rule of every did-you-mean hint", function()
  assert(ygt.closest_name("sdx1", {"pdx", "sdx", "los_days"}) == "sdx")
  assert(ygt.closest_name("co_insurance", {"coinsurance"}) == "coinsurance")
  assert(ygt.closest_name("ward", {"pdx", "sdx"}) == nil)
  assert(ygt.closest_name("x", {}) == nil)
end)

check("strict case tables", function()
  local cases = assert(ygt.cases_new(tiny))
  local path = temp_table("# cases\ncase_id\tpdx\tsdx1\nc1\tA00.000\tE11.000\n")
  local none, msg, code = cases:load(path)
  assert(none == nil and code == "YGT_EPARSE", msg)
  assert(msg:find(":2:3: sdx1: unknown column (did you mean `sdx`?)", 1, true), msg)
  os.remove(path)
  path = temp_table("case_id\tpdx\nc1\tA00.000\n\nc1\tA00.000\n")
  none, msg, code = cases:load(path)
  assert(none == nil and code == "YGT_EEXISTS" and msg:find(":4: case_id: case id 'c1' is given twice (also line 2)", 1, true), msg)
  assert(cases:count() == 0)
  os.remove(path)
  path = temp_table("case_id\tpdx\tdept\nc1\tA00.000\t\196\218\191\198\n")
  none, msg, code = cases:load(path)
  assert(none == nil and code == "YGT_EPARSE" and msg:find(":2:3: dept: invalid UTF-8", 1, true), msg)
  assert(msg:find("looks like GBK", 1, true), msg)
  os.remove(path)
end)

check("a column map reads Chinese headers", function()
  local cases = assert(ygt.cases_new(tiny))
  local path = temp_table("病案号\t性别\t主要诊断编码\t总费用\nz1\t女\tA00.000\t1,234.50\n")
  local none, _, code = cases:load(path)
  assert(none == nil and code == "YGT_EPARSE")
  assert(cases:map_columns(root .. "/examples/data/maps/homepage-zh.tsv"))
  assert(cases:load(path))
  assert(cases:get(1, "case_id") == "z1" and cases:get(1, "sex") == 2 and cases:get(1, "total_cost") == 123450)
  assert(cases:map_columns(nil))
  os.remove(path)
end)

check("vendor layouts: built-in maps and the 4101 reader", function()
  local names = ygt.cases_map_builtin_names()
  assert(#names == 3 and names[1] == "4101" and names[2] == "hqms" and names[3] == "zh")
  local cases = assert(ygt.cases_new(tiny))
  local none, msg, code = cases:map_builtin("hqsm")
  assert(none == nil and code == "YGT_ENOTFOUND" and msg:find("did you mean `hqms`?", 1, true), msg)
  assert(cases:map_builtin("hqms"))
  local path = temp_table("BAH\tXB\tJBDM\tJBDM1\tJBDM2\tXM\tRYSJ\nh1\t2\tA00.000\tA00.000\t\tname\t2024年1月10日\n")
  assert(cases:load(path))
  assert(cases:get(1, "case_id") == "h1" and cases:get(1, "sex") == 2 and #cases:get(1, "sdx") == 1)
  assert(cases:get(1, "admit_date") == 20240110)
  os.remove(path)
  local json = os.tmpname() .. ".json"
  local f = assert(io.open(json, "w"))
  f:write('[{"setlinfo": {"setl_id": "j1", "gend": "1", "vent_used_dura": "1/13/24"},\n')
  f:write(' "diseinfo": [{"diag_code": "A00.000", "maindiag_flag": "1"}]}]')
  f:close()
  assert(cases:load_4101(json))
  assert(cases:get(2, "case_id") == "j1" and cases:get(2, "vent_hours") == 37 and cases:row_line(2) == 1)
  f = assert(io.open(json, "w"))
  f:write('{"setlinfo": {"setl_idd": "j2"}}')
  f:close()
  none, msg, code = cases:load_4101(json)
  assert(none == nil and code == "YGT_EPARSE" and msg:find("record 1: setlinfo.setl_idd: unknown key (did you mean `setl_id`?)", 1, true), msg)
  assert(cases:count() == 2)
  os.remove(json)
end)

check("export fields: 入院病情, level, translated YLFKFS and coma columns", function()
  local cases = assert(ygt.cases_new(tiny))
  assert(cases:map_builtin("hqms"))
  local path = temp_table("BAH\tJBDM\tRYBQ\tJBDM1\tRYBQ1\tYLFKFS\tRYQ_T\tRYQ_F\n" ..
                          "h1\tA00.000\t1\tA00.000\t4\t3\t1\t5\nh2\tA00.000\t1\tA00.000\t\t10\t\t\n")
  assert(cases:load(path))
  assert(cases:get(1, "adm_cond") == "1|4" and cases:get(1, "insurance") == 1)
  assert(cases:get(1, "coma_before_min") == 1445)
  assert(cases:row_flags(2) == 1 and cases:row_message(2):find("adm_cond: 1 flags for 2 diagnoses", 1, true))
  os.remove(path)
  local row = assert(cases:append{level = "三甲", adm_cond = "1"})
  assert(cases:get(row, "level") == 7 and cases:get(row, "adm_cond") == "1")
end)

check("money columns through the generic append and get", function()
  local cases = assert(ygt.cases_new(tiny))
  local row = assert(cases:append{total_cost = 1234567})
  assert(cases:get(row, "total_cost") == 1234567)
  assert(cases:set(row, "total_cost", nil))
  assert(cases:get(row, "total_cost") == ygt.cases_na64())
end)

require("harness").finish()
