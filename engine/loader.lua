-- loader.lua: reads a scenario, follows `extends`, merges, validates.
--
-- Trusted code, compiled into the engine (see the Makefile rule that turns
-- it into a C string).  It runs inside the run's sandboxed Lua state and
-- gets its few privileges as arguments: the schema and a loader for
-- sandboxed files.  Scenario code never sees these.
--
-- GPL-3.0-or-later.

local priv = ...
local schema = priv.schema       -- key -> {type=, ...}; sections have type "section"
local loadfile_sandboxed = priv.loadfile
local readtext = priv.readtext
-- The string library without the sandbox's metering: the loader's own
-- matching on file text is trusted work, not the scenario's.
local S = priv.string

local M = {}

local function dirname(p)
  return S.match(p, "^(.*)/[^/]*$") or "."
end

local function join(dir, rel)
  if S.sub(rel, 1, 1) == "/" then return rel end
  return dir .. "/" .. rel
end

-- A file's lines with comments removed, split once per file.
local function code_lines(text)
  local lines = {}
  if text then
    for l in S.gmatch((text .. "\n"), "([^\n]*)\n") do lines[#lines + 1] = S.gsub(l, "%-%-.*$", "") end
  end
  return lines
end

-- Line of `key` in a file, found after the line of its parent key: good
-- enough to point a planner at the right place.
local function find_line(lines, parts)
  local from, found = 1, nil
  for _, part in ipairs(parts) do
    local pat = "%f[%w_]" .. S.gsub(part, "%p", "%%%0") .. "%f[^%w_]%s*="
    local hit = nil
    for i = from, #lines do
      if S.find(lines[i], pat) then hit = i; break end
    end
    if hit then from = hit; found = hit end
  end
  return found
end

-- Levenshtein distance, for "did you mean".
local function distance(a, b)
  local la, lb = #a, #b
  local prev = {}
  for j = 0, lb do prev[j] = j end
  for i = 1, la do
    local cur = { [0] = i }
    for j = 1, lb do
      local cost = S.byte(a, i) == S.byte(b, j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[lb]
end

local function suggest(full, key)
  local prefix = S.match(full, "^(.*)%.[^.]*$")
  local best, bestd
  for k in next, schema do
    local kp = S.match(k, "^(.*)%.[^.]*$")
    if kp == prefix then
      local leaf = S.match(k, "[^.]*$")
      local d = distance(key, leaf)
      if not bestd or d < bestd then best, bestd = leaf, d end
    end
  end
  local close = best and (bestd <= math.max(2, #key // 3)
    or S.sub(key, 1, #best) == best or S.sub(best, 1, #key) == key)
  if close then
    return S.format(" (did you mean '%s'?)", best)
  end
  local known = {}
  for k in next, schema do
    if S.match(k, "^(.*)%.[^.]*$") == prefix or (not prefix and not S.find(k, "%.")) then
      known[#known + 1] = S.match(k, "[^.]*$")
    end
  end
  table.sort(known)
  return " (known keys here: " .. table.concat(known, ", ") .. ")"
end

local function where(prov, full)
  local p = prov[full]
  if not p then return "" end
  if p.line then return S.format("%s:%d: ", p.file, p.line) end
  return p.file .. ": "
end

-- A scenario's tables are plain data: the engine reads them raw, so a
-- metatable (whose __index or __len would answer differently) is refused.
local function plain(v, loc, name, seen)
  if type(v) ~= "table" then return end
  seen = seen or {}
  if seen[v] then return end
  seen[v] = true
  if getmetatable(v) ~= nil then
    error(loc .. "'" .. name .. "' has a metatable: a scenario's tables must be plain", 0)
  end
  for _, x in next, v do plain(x, loc, name, seen) end
end

-- Walks a file's table: checks every key against the schema, resolves file
-- names against the file's folder and records where each value was set.
local function annotate(t, prefix, path, lines, prov, parts)
  for k, v in next, t do
    if type(k) ~= "string" then
      error(S.format("%s: key %s in %s is not a name", path, tostring(k),
        prefix == "" and "the scenario" or "'" .. prefix .. "'"), 0)
    end
    local full = prefix == "" and k or prefix .. "." .. k
    local def = schema[full]
    parts[#parts + 1] = k
    local line = find_line(lines, parts)
    if not def then
      local loc = line and S.format("%s:%d: ", path, line) or path .. ": "
      error(loc .. "unknown key '" .. full .. "'" .. suggest(full, k), 0)
    end
    prov[full] = { file = path, line = line }
    plain(v, where(prov, full), full)
    if def.type == "section" then
      if type(v) ~= "table" then
        error(where(prov, full) .. "'" .. full .. "' must be a table of settings, got " .. type(v), 0)
      end
      annotate(v, full, path, lines, prov, parts)
    elseif def.type == "file" and type(v) == "string" then
      t[k] = join(dirname(path), v)
    end
    parts[#parts] = nil
  end
end

local function merge(base, over, prefix)
  for k, v in next, over do
    local full = prefix == "" and k or prefix .. "." .. k
    local def = schema[full]
    if def and def.type == "section" and type(v) == "table" and type(base[k]) == "table" then
      merge(base[k], v, full)
    else
      base[k] = v
    end
  end
  return base
end

local function load_one(path, depth, chain, files)
  if depth > 16 then error(path .. ": 'extends' is nested more than 16 levels", 0) end
  for _, p in ipairs(chain) do
    if p == path then error(path .. ": 'extends' forms a cycle: " ..
      table.concat(chain, " -> ") .. " -> " .. path, 0) end
  end
  chain[#chain + 1] = path
  local chunk = loadfile_sandboxed(path)
  local t = chunk()
  if type(t) ~= "table" then
    error(path .. ": a scenario must return a table (this one returns " .. type(t) .. ")", 0)
  end
  if getmetatable(t) ~= nil then
    error(path .. ": the scenario's table has a metatable: a scenario's tables must be plain", 0)
  end
  local lines = code_lines(readtext(path))
  files[#files + 1] = path
  local prov = {}
  annotate(t, "", path, lines, prov, {})
  local parent = t.extends
  t.extends = nil
  if parent ~= nil then
    if type(parent) ~= "string" then
      error(where(prov, "extends") .. "'extends' must be a file name, got " .. type(parent), 0)
    end
    local ppath = join(dirname(path), parent)
    local base, bprov = load_one(ppath, depth + 1, chain, files)
    for k, v in next, prov do bprov[k] = v end
    chain[#chain] = nil
    return merge(base, t, ""), bprov
  end
  chain[#chain] = nil
  return t, prov
end

-- Checks the value of one key against its declared type.
local function check_value(full, def, v, prov)
  local loc = where(prov, full)
  local ty = def.type
  if ty == "series" then
    return -- checked by the engine (scenario.c), which knows the range
  elseif ty == "integer" then
    if math.type(v) ~= "integer" then
      error(loc .. "'" .. full .. "' must be a whole number, got " .. (type(v) == "number" and tostring(v) or type(v)), 0)
    end
  elseif ty == "number" then
    if type(v) ~= "number" then error(loc .. "'" .. full .. "' must be a number, got " .. type(v), 0) end
  elseif ty == "string" or ty == "file" then
    if type(v) ~= "string" then error(loc .. "'" .. full .. "' must be a string, got " .. type(v), 0) end
  elseif ty == "boolean" then
    if type(v) ~= "boolean" then error(loc .. "'" .. full .. "' must be true or false, got " .. type(v), 0) end
  elseif ty == "function" then
    if type(v) ~= "function" then error(loc .. "'" .. full .. "' must be a function, got " .. type(v), 0) end
  elseif ty == "table" then
    if type(v) ~= "table" then error(loc .. "'" .. full .. "' must be a table, got " .. type(v), 0) end
  end
end

local function validate(t, prefix, prov)
  for k, v in next, t do
    local full = prefix == "" and k or prefix .. "." .. k
    local def = schema[full]
    if def.type == "section" then validate(v, full, prov) else check_value(full, def, v, prov) end
  end
  for full, def in next, schema do
    if def.required then
      local cur = t
      local p = prefix == "" and full or (S.sub(full, 1, #prefix + 1) == prefix .. "." and S.sub(full, #prefix + 2))
      if p and not S.find(p, "%.") and cur[p] == nil then
        local parent = prefix == "" and "the scenario" or "'" .. prefix .. "'"
        error(S.format("%s: %s has no '%s' (required: %s)", priv.main, parent, full,
          def.doc or ""), 0)
      end
    end
  end
end

function M.load(path)
  local files = {}
  local cfg, prov = load_one(path, 1, {}, files)
  validate(cfg, "", prov)
  return cfg, prov, files
end

return M
