/// Stages of a load run (k6's ramping executors): a value — the arrival rate (open model)
/// or the number of active connections (closed model) — ramps linearly from where the
/// previous stage ended (or `start`) to each stage's target over its duration.
public struct LoadStages: Hashable, Sendable {
    public struct Stage: Hashable, Sendable {
        public var duration: Double
        public var target: Double

        public init(duration: Double, target: Double) {
            self.duration = duration
            self.target = target
        }
    }

    public let start: Double
    public let stages: [Stage]
    /// When each stage begins, seconds after the run's start.
    public let beginnings: [Double]

    public init(start: Double, stages: [Stage]) {
        self.start = start
        self.stages = stages
        var at = 0.0
        beginnings = stages.map { stage in
            defer { at += stage.duration }
            return at
        }
    }

    /// A constant value for `duration` seconds.
    public static func constant(_ value: Double, for duration: Double) -> LoadStages {
        LoadStages(start: value, stages: [Stage(duration: duration, target: value)])
    }

    public var totalDuration: Double { stages.reduce(0) { $0 + $1.duration } }

    /// The stage running at `t` seconds (the last one past the end).
    public func stageIndex(at t: Double) -> Int {
        var index = 0
        while index + 1 < beginnings.count && beginnings[index + 1] <= t { index += 1 }
        return index
    }

    /// The value at `t` seconds.
    public func value(at t: Double) -> Double {
        guard !stages.isEmpty else { return start }
        let index = stageIndex(at: t)
        let from = index == 0 ? start : stages[index - 1].target
        let stage = stages[index]
        guard stage.duration > 0 else { return stage.target }
        let progress = min(1, max(0, (t - beginnings[index]) / stage.duration))
        return from + (stage.target - from) * progress
    }

    /// When the `n`th arrival (0-based) is due, in seconds after the start, for a rate
    /// that follows the stages: the time at which the rate's integral reaches `n + 0.5`
    /// (centred in its slot, so a constant rate `R` gives `(n + 0.5) / R`). `nil` past the end.
    public func arrivalTime(_ n: Int64) -> Double? {
        var remaining = Double(n) + 0.5
        for (index, stage) in stages.enumerated() {
            let from = index == 0 ? start : stages[index - 1].target
            let slope = stage.duration > 0 ? (stage.target - from) / stage.duration : 0
            let count = from * stage.duration + slope * stage.duration * stage.duration / 2
            if remaining <= count && count > 0 {
                // from·t + slope·t²/2 = remaining
                let t: Double
                if abs(slope) < 1e-12 {
                    t = remaining / from
                } else {
                    let discriminant = max(0, from * from + 2 * slope * remaining)
                    t = (-from + discriminant.squareRoot()) / slope
                }
                return beginnings[index] + min(stage.duration, max(0, t))
            }
            remaining -= count
        }
        return nil
    }
}
