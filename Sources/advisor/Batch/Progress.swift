import AdvisorReports
import Foundation

/// A progress line on standard error for batches that take more than a moment: count, rate,
/// and the time left when the size of the batch is known. Only on a terminal.
final class Progress {
    private let enabled: Bool
    private let total: Double?
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let words: ToolWords

    /// - Parameter total: the batch's size in the units `update` counts, when known.
    init(enabled: Bool, total: Double?, words: ToolWords = .english) {
        self.enabled = enabled
        self.total = total
        self.words = words
    }

    func update(profiles: Int, failed: Int, done: Double) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed > 0.5, now.timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = now
        var line = words(.progressScored, ["n": words.digits(profiles)])
        if failed > 0 { line += words(.progressFailed, ["n": words.digits(failed)]) }
        line += words(.progressRate, ["rate": words.digits(Int(Double(profiles) / elapsed))])
        if let total, total > 0, done > 0 {
            let fraction = min(done / total, 1)
            let left = elapsed * (1 - fraction) / fraction
            line += words(.progressLeft, ["percent": String(Int(fraction * 100)), "left": duration(left)])
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }

    /// Clears the line before the summary is printed.
    func clear() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    func duration(_ seconds: Double) -> String {
        if seconds < 60 { return words(.durationSeconds, ["s": String(Int(seconds.rounded(.up)))]) }
        return words(.durationMinutes, ["m": String(Int(seconds / 60)), "s": String(Int(seconds) % 60)])
    }
}
