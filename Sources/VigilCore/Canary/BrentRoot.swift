/// A root of a function that changes sign on an interval, by Brent's method (R. P. Brent,
/// *Algorithms for Minimization without Derivatives*, 1973, ch. 4: bisection guarded
/// inverse quadratic interpolation).
///
/// It is the method R's `uniroot` and Kayenta's judge run, with the same stopping rule —
/// stop once the bracket is within `2ε|b| + tolerance/2` — because the rank-sum test's
/// function is a step function: its "root" is wherever the search first lands on a step
/// that crosses zero, so only the same method with the same tolerance reproduces their
/// intervals and estimates (and their published test vectors).
enum BrentRoot {
    /// A root of `f` in `[a, b]`, given `f(a)` and `f(b)` of opposite signs (or zero).
    static func solve(
        _ a: Double, _ b: Double, fa: Double, fb: Double, tolerance: Double = 1e-4, maximumIterations: Int = 1000,
        _ f: (Double) throws -> Double
    ) rethrows -> Double {
        if fa == 0 { return a }
        if fb == 0 { return b }
        // `best` is the current estimate, `previous` the one before, `opposite` the end of
        // the bracket where f has the other sign.
        var previous = a
        var best = b
        var opposite = a
        var fPrevious = fa
        var fBest = fb
        var fOpposite = fa
        for _ in 0...maximumIterations {
            let lastStep = best - previous
            if abs(fOpposite) < abs(fBest) {
                // Keep the smaller |f| as the estimate.
                previous = best
                best = opposite
                opposite = previous
                fPrevious = fBest
                fBest = fOpposite
                fOpposite = fPrevious
            }
            let tolerated = 2 * Double.ulpOfOne * abs(best) + tolerance / 2
            var step = (opposite - best) / 2
            if abs(step) <= tolerated || fBest == 0 { return best }
            if abs(lastStep) >= tolerated && abs(fPrevious) > abs(fBest) {
                // Try interpolating: secant with two points, inverse quadratic with three.
                let toOpposite = opposite - best
                var p: Double
                var q: Double
                if previous == opposite {
                    let ratio = fBest / fPrevious
                    p = toOpposite * ratio
                    q = 1 - ratio
                } else {
                    let q0 = fPrevious / fOpposite
                    let r = fBest / fOpposite
                    let s = fBest / fPrevious
                    p = s * (toOpposite * q0 * (q0 - r) - (best - previous) * (r - 1))
                    q = (q0 - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                // Accept the interpolation only when it stays well inside the bracket and
                // shrinks faster than bisection would.
                if p < 0.75 * toOpposite * q - abs(tolerated * q) / 2 && p < abs(lastStep * q / 2) {
                    step = p / q
                }
            }
            if abs(step) < tolerated { step = step > 0 ? tolerated : -tolerated }
            previous = best
            fPrevious = fBest
            best += step
            fBest = try f(best)
            if (fBest > 0 && fOpposite > 0) || (fBest < 0 && fOpposite < 0) {
                opposite = previous
                fOpposite = fPrevious
            }
        }
        return best
    }
}
