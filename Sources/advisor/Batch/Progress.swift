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

    /// - Parameter total: the batch's size in the units `update` counts, when known.
    init(enabled: Bool, total: Double?) {
        self.enabled = enabled
        self.total = total
    }

    func update(profiles: Int, failed: Int, done: Double) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed > 0.5, now.timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = now
        var line = "scored \(Number.grouped(profiles)) profiles"
        if failed > 0 { line += ", \(Number.grouped(failed)) failed" }
        line += " (\(Number.grouped(Int(Double(profiles) / elapsed)))/s)"
        if let total, total > 0, done > 0 {
            let fraction = min(done / total, 1)
            let left = elapsed * (1 - fraction) / fraction
            line += ", \(Int(fraction * 100))%, about \(Self.duration(left)) left"
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }

    /// Clears the line before the summary is printed.
    func clear() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return "\(Int(seconds.rounded(.up))) s" }
        let minutes = Int(seconds / 60)
        return "\(minutes) min \(Int(seconds) % 60) s"
    }
}
