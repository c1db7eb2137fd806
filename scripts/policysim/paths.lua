-- policysim.paths: building dated paths and per-year functions.
--
--   local paths = require("policysim.paths")
--   tfr = paths.shift(base_tfr, 0.5)              -- a path, 0.5 higher
--   srb = paths.ramp(2025, 2035, 1.12, 1.06)      -- {[2025]=1.12, [2035]=1.06}
--   total = paths.step{ [2020] = 7000, [2030] = 3000 }   -- jumps, no interpolation
--   wage = paths.growth(2020, 82302, 0.05)        -- compound growth
--
-- A path is a table {[year] = value}; the engine interpolates it linearly
-- and holds it flat outside its points (MODEL.md).  Functions returned here
-- are function(year, state) and can stand wherever a number can.
-- GPL-3.0-or-later.

local M = {}

local function sorted_years(path)
  local ys = {}
  for y in pairs(path) do ys[#ys + 1] = y end
  table.sort(ys)
  return ys
end

local function check_path(path, who)
  if type(path) == "number" then return end
  if type(path) ~= "table" then
    error(who .. ": a number or a path {[year] = value} is needed, got " .. type(path), 3)
  end
  for y, v in pairs(path) do
    if math.type(y) ~= "integer" then error(who .. ": path key " .. tostring(y) .. " is not a year", 3) end
    if type(v) ~= "number" then error(who .. ": value for " .. y .. " is not a number", 3) end
  end
end

--- Value of a path (or a number) in a year, by the engine's rule: linear
--- between points, flat outside them.
function M.at(path, year)
  check_path(path, "paths.at")
  if type(path) == "number" then return path end
  local ys = sorted_years(path)
  if #ys == 0 then error("paths.at: empty path", 2) end
  if year <= ys[1] then return path[ys[1]] end
  if year >= ys[#ys] then return path[ys[#ys]] end
  for i = 2, #ys do
    if year <= ys[i] then
      local y0, y1 = ys[i - 1], ys[i]
      local w = (year - y0) / (y1 - y0)
      return path[y0] * (1 - w) + path[y1] * w
    end
  end
end

--- A two-point path: v0 until y0, linear to v1 in y1, v1 after.
function M.ramp(y0, y1, v0, v1)
  if not (math.type(y0) == "integer" and math.type(y1) == "integer" and y1 > y0) then
    error("paths.ramp: years must be whole numbers with y1 > y0", 2)
  end
  return { [y0] = v0, [y1] = v1 }
end

--- A step function: each point's value holds until the next point.
function M.step(points)
  check_path(points, "paths.step")
  local ys = sorted_years(points)
  return function(year)
    local v = points[ys[1]]
    for _, y in ipairs(ys) do
      if year >= y then v = points[y] else break end
    end
    return v
  end
end

--- Compound growth from v0 in y0 at `rate` a year (rate may be a path).
function M.growth(y0, v0, rate)
  return function(year)
    local v = v0
    if year >= y0 then
      for y = y0, year - 1 do v = v * (1 + M.at(rate, y)) end
    else
      for y = year, y0 - 1 do v = v / (1 + M.at(rate, y)) end
    end
    return v
  end
end

local function map(path, f, who)
  check_path(path, who)
  if type(path) == "number" then return f(path) end
  local out = {}
  for y, v in pairs(path) do out[y] = f(v) end
  return out
end

--- The path with `delta` added to every point.
function M.shift(path, delta)
  return map(path, function(v) return v + delta end, "paths.shift")
end

--- The path with every point multiplied by `factor`.
function M.scale(path, factor)
  return map(path, function(v) return v * factor end, "paths.scale")
end

--- The path with its values from `year` on replaced by `value` (a policy
--- that freezes a parameter): points after `year` are dropped.
function M.freeze_from(path, year)
  local v = M.at(path, year)
  local out = {}
  if type(path) == "table" then
    for y, x in pairs(path) do if y < year then out[y] = x end end
  end
  out[year] = v
  return out
end

return M
