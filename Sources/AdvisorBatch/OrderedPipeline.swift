import Dispatch
import Foundation

/// Runs work items on several threads and hands their results back in submission order, with
/// a bound on how many are in flight, so that output order never depends on scheduling and
/// memory stays flat however long the input.
public final class OrderedPipeline<Input: Sendable, Output: Sendable>: @unchecked Sendable {
    private let work: @Sendable (Input) -> Output
    private let emit: (Output) -> Void
    private let jobs: Int
    private let inFlight: DispatchSemaphore
    private let workers: DispatchSemaphore
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var finished: [Int: Output] = [:]
    private var nextToEmit = 0
    private var nextToSubmit = 0

    /// - Parameters:
    ///   - jobs: worker threads; 1 runs everything on the caller's thread.
    ///   - emit: called with each output in order, never concurrently.
    public init(jobs: Int, work: @escaping @Sendable (Input) -> Output, emit: @escaping (Output) -> Void) {
        self.jobs = max(jobs, 1)
        self.work = work
        self.emit = emit
        inFlight = DispatchSemaphore(value: self.jobs * 3)
        workers = DispatchSemaphore(value: self.jobs)
    }

    /// Submits the next input; blocks while too many are in flight.
    public func submit(_ input: Input) {
        if jobs == 1 {
            emit(work(input))
            return
        }
        inFlight.wait()
        let sequence = nextToSubmit
        nextToSubmit += 1
        group.enter()
        DispatchQueue.global().async { [self] in
            workers.wait()
            let output = work(input)
            workers.signal()
            lock.lock()
            finished[sequence] = output
            while let ready = finished.removeValue(forKey: nextToEmit) {
                emit(ready)
                nextToEmit += 1
                inFlight.signal()
            }
            lock.unlock()
            group.leave()
        }
    }

    /// Waits until every submitted input has been emitted.
    public func finish() {
        group.wait()
    }
}
