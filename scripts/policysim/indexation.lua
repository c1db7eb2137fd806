-- policysim.indexation: formulas for indexing benefits and standards.
--
--   local idx = require("policysim.indexation")
--   indexation = idx.share_of(wage_growth, 0.6)       -- 60% of wage growth
--   indexation = idx.mixed(wage_growth, cpi, 0.5)     -- half wages, half prices
--   standard   = idx.compound(2020, 700, idx.mixed(wage_growth, cpi, 0.5))
--
-- Every argument may be a number, a path {[year] = value} or a function of
-- (year, state); the result is a function(year, state).
-- GPL-3.0-or-later.

local paths = require("policysim.paths")

local M = {}

local function value(x, year, state)
  if type(x) == "function" then return x(year, state) end
  return paths.at(x, year)
end

--- share * growth(year): e.g. benefits rising by 60% of wage growth.
function M.share_of(growth, share)
  return function(year, state) return value(share, year, state) * value(growth, year, state) end
end

--- w * a(year) + (1 - w) * b(year): a Swiss-style mixed index.
function M.mixed(a, b, w)
  return function(year, state)
    local ww = value(w, year, state)
    return ww * value(a, year, state) + (1 - ww) * value(b, year, state)
  end
end

--- A level that starts at v0 in y0 and grows each year by rate(year - 1).
function M.compound(y0, v0, rate)
  return function(year, state)
    local v = v0
    for y = y0, year - 1 do v = v * (1 + value(rate, y, state)) end
    return v
  end
end

--- max(floor, min(cap, x(year))): a bounded adjustment.
function M.bounded(x, floor, cap)
  return function(year, state)
    local v = value(x, year, state)
    if v < floor then return floor end
    if v > cap then return cap end
    return v
  end
end

return M
