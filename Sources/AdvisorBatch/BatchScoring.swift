import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import Foundation

/// Batch scoring as a library: reads a stream of profiles (files, folders, JSON Lines, CSV,
/// standard input), scores them on every core, and hands the results back in input order,
/// with memory flat however long the stream. `advisor score` is built on it; so can any
/// program that embeds AdvisorKit.
///
/// ```swift
/// let batch = BatchScoring(ruleBook: book)
/// batch.results(BatchInput.sources(["cohort.csv"])) { result in
///     print(result.label, (try? result.outcome.get())?.evaluation.recommendation ?? "-")
/// }
/// ```
public struct BatchScoring: Sendable {
    public let ruleBook: RuleBook
    /// What to do with keys that are not facts.
    public var extra: ExtraKeys
    /// Scoring threads.
    public var jobs: Int
    /// Profiles per unit of work.
    public var chunkSize: Int

    public init(ruleBook: RuleBook, extra: ExtraKeys = .none, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, chunkSize: Int = 1024) {
        self.ruleBook = ruleBook
        self.extra = extra
        self.jobs = max(jobs, 1)
        self.chunkSize = max(chunkSize, 1)
    }

    /// Reads `sources` in order and scores their profiles on `jobs` threads. `work` runs on a
    /// worker thread for each chunk (a few hundred profiles) and turns it into an output
    /// (bytes to write, counts); `emit` gets the outputs in input order, one at a time.
    /// Reading stops when `emit` returns false.
    public func run<Output: Sendable>(
        _ sources: [BatchInput.Source], work: @escaping @Sendable (ScoringChunk) -> Output, emit: @escaping (Output) -> Bool
    ) {
        let scorers = ScorerPool(ruleBook)
        let book = ruleBook, extra = self.extra
        let going = Flag()
        let pipeline = OrderedPipeline<BatchInput.Chunk, Output>(
            jobs: jobs,
            work: { chunk in
                let scorer = scorers.take()
                defer { scorers.give(scorer) }
                return work(ScoringChunk(chunk: chunk, records: BatchInput.records(of: chunk, ruleBook: book, extra: extra), scorer: scorer))
            },
            emit: { output in if !emit(output) { going.lower() } })
        BatchInput.stream(sources, ruleBook: ruleBook, extra: extra, chunkSize: chunkSize) { chunk in
            pipeline.submit(chunk)
            return going.isRaised
        }
        pipeline.finish()
    }

    /// Each profile of `sources`, scored, in input order: the simplest way to embed batch
    /// scoring (an `Evaluation` per profile; `run` is faster when only some results are needed).
    public func results(_ sources: [BatchInput.Source], _ handle: @escaping (BatchResult) -> Void) {
        run(
            sources,
            work: { chunk in
                var results: [BatchResult] = []
                chunk.forEach { record, scorer in
                    let outcome: Result<(profile: Profile, evaluation: Evaluation), [Diagnostic]>
                    switch record.result {
                    case .success(let profile): outcome = .success((profile, (scorer ?? chunk.scorer).evaluation()))
                    case .failure(let problems): outcome = .failure(problems)
                    }
                    results.append(BatchResult(label: record.label, passed: record.passed, outcome: outcome))
                }
                return results
            },
            emit: { results in
                results.forEach(handle)
                return true
            })
    }

    /// The evaluations of fact sets a program already holds, scored on every core, handed
    /// back in the sequence's order with their positions.
    public func evaluations<S: Sequence>(of facts: S, _ handle: @escaping (Int, Evaluation) -> Void) where S.Element == FactSet {
        let scorers = ScorerPool(ruleBook)
        let pipeline = OrderedPipeline<(start: Int, sets: [FactSet]), (start: Int, evaluations: [Evaluation])>(
            jobs: jobs,
            work: { input in
                let scorer = scorers.take()
                defer { scorers.give(scorer) }
                return (
                    input.start,
                    input.sets.map { set in
                        scorer.score(set)
                        return scorer.evaluation()
                    }
                )
            },
            emit: { output in
                for (offset, evaluation) in output.evaluations.enumerated() { handle(output.start + offset, evaluation) }
            })
        var pending: [FactSet] = []
        var start = 0
        for set in facts {
            pending.append(set)
            if pending.count >= chunkSize {
                pipeline.submit((start, pending))
                start += pending.count
                pending = []
            }
        }
        if !pending.isEmpty { pipeline.submit((start, pending)) }
        pipeline.finish()
    }
}

/// One profile of a batch, scored (`BatchScoring.results`).
public struct BatchResult: Sendable {
    /// The profile's name in outputs: its path, or `file:line`.
    public var label: String
    /// The carried keys' values (`ExtraKeys.carried`).
    public var passed: [PassedValue]
    public var outcome: Result<(profile: Profile, evaluation: Evaluation), [Diagnostic]>
}

/// A chunk of a batch as a worker scores it, with a scorer of its own.
public struct ScoringChunk {
    public let chunk: BatchInput.Chunk
    public let records: [BatchInput.Record]
    /// This worker's scorer; it holds the result of the profile last scored.
    public let scorer: Scorer

    /// Scores each record in turn: `body` gets the record and, for a profile that was read,
    /// the scorer holding its result (nil for a record that could not be read).
    public func forEach(_ body: (BatchInput.Record, Scorer?) -> Void) {
        for record in records {
            if case .success(let profile) = record.result {
                scorer.score(profile.facts)
                body(record, scorer)
            } else {
                body(record, nil)
            }
        }
    }
}

/// Scorers for the worker threads: each takes one, uses it alone, and gives it back.
final class ScorerPool: @unchecked Sendable {
    private let book: RuleBook
    private var idle: [Scorer] = []
    private let lock = NSLock()

    init(_ book: RuleBook) {
        self.book = book
    }

    func take() -> Scorer {
        lock.lock()
        defer { lock.unlock() }
        return idle.popLast() ?? Scorer(book)
    }

    func give(_ scorer: Scorer) {
        lock.lock()
        idle.append(scorer)
        lock.unlock()
    }
}

/// A flag one thread lowers and another reads.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = true
    var isRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }
    func lower() {
        lock.lock()
        raised = false
        lock.unlock()
    }
}
