-- policysim.calibrate: find a value that makes a measure meet a target.
--
-- Inside a scenario (a rule evaluated every year):
--   local cal = require("policysim.calibrate")
--   coverage = function(year, state)
--     -- the coverage that gives 81,000 insured among residents aged 16-59
--     return cal.solve(function(c) return c * state.pop(nil, 16, 59) end, 81000, 0, 1)
--   end
--
-- For a target that depends on a whole projection (an insured total in 2025
-- that depends on the years before), use the command line:
--   policysim calibrate SCENARIO --param KEY --indicator NAME --year 2025 --target 81000
-- GPL-3.0-or-later.

local M = {}

--- x in [lo, hi] with f(x) = target, by bisection (f monotone on [lo, hi]).
--- opts.tol: relative tolerance on f (default 1e-10); opts.max_iter (100).
function M.solve(f, target, lo, hi, opts)
  opts = opts or {}
  local tol = opts.tol or 1e-10
  local max_iter = opts.max_iter or 100
  if not (lo < hi) then error("calibrate.solve: empty interval", 2) end
  local glo, ghi = f(lo) - target, f(hi) - target
  if glo == 0 then return lo end
  if ghi == 0 then return hi end
  if (glo < 0) == (ghi < 0) then
    error(string.format("calibrate.solve: the target %.10g is not between f(%g) = %.10g and f(%g) = %.10g",
      target, lo, glo + target, hi, ghi + target), 2)
  end
  local mid
  for _ = 1, max_iter do
    mid = (lo + hi) / 2
    local g = f(mid) - target
    if math.abs(g) <= tol * math.max(1, math.abs(target)) then return mid end
    if (g < 0) == (glo < 0) then lo, glo = mid, g else hi = mid end
  end
  return mid
end

return M
