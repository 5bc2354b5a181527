import AdvisorCEL
import AdvisorEngine
import CSV
import Foundation

@testable import AdvisorLoading

// The fuzz target: the first byte picks a reader, the rest is the file's bytes. Every
// reader must answer with a value or a diagnostic; a crash, a hang, a leak or a broken promise
// (below) is a bug.

let shippedBook: RuleBook = {
    guard case .success(let book) = RuleBookLoader.load(files: ShippedRuleBook.files) else { fatalError("the shipped rule book does not load") }
    return book
}()
/// libFuzzer calls the target from one thread only.
nonisolated(unsafe) let shippedScorer = Scorer(shippedBook)

enum Reader: UInt8, CaseIterable {
    case profile, jsonLine, csv, ruleFile, ruleBook
}

/// One input, as libFuzzer calls it.
func fuzzLoading(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let reader = Reader(rawValue: data[0] % UInt8(Reader.allCases.count)) ?? .profile
    let bytes = UnsafeBufferPointer(start: data + 1, count: size - 1)
    switch reader {
    case .profile: profile(bytes)
    case .jsonLine: jsonLine(bytes)
    case .csv: csv(bytes)
    case .ruleFile: ruleFile(bytes)
    case .ruleBook: ruleBook(bytes)
    }
    return 0
}

/// A profile file: the fast reader (when it takes the file) and the full one must agree.
func profile(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard case .success(let file) = SourceFile.decode(Data(bytes), path: "p.yaml") else { return }
    let full = ProfileLoader.parseThroughYams(file, ruleBook: shippedBook)
    if let entries = FlatYAMLReader.entries(of: file.text) {
        let fast = ProfileLoader.build(source: file.path, file: file.path, entries: entries, ruleBook: shippedBook)
        switch (fast, full) {
        case (.success(let a), .success(let b)):
            guard a == b else { fatalError("the fast and full YAML readers read different profiles: \(a.values) vs \(b.values)") }
        case (.failure, .failure): break
        default: fatalError("the fast and full YAML readers disagree: \(fast) vs \(full)")
        }
    }
    if case .success(let profile) = full { score(profile.facts) }
}

/// One line of a JSON Lines file.
func jsonLine(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard case .success(let entries) = JSONLineParser.entries(of: bytes, file: "p.jsonl", line: 1) else { return }
    if case .success(let profile) = ProfileLoader.build(source: "p.jsonl:1", file: "p.jsonl", entries: entries, ruleBook: shippedBook) {
        score(profile.facts)
    }
}

/// A CSV file: a header of fact ids, then one profile a row.
func csv(_ bytes: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: bytes, as: UTF8.self)
    guard let reader = try? CSVReader(string: text, hasHeaderRow: true) else { return }
    var rows: [(line: Int, fields: [String])] = []
    var line = 1
    while let row = reader.next(), rows.count < 64 {
        line += 1
        rows.append((line, row))
    }
    let chunk = BatchInput.Chunk.rows(file: "p.csv", header: reader.headerRow ?? [], rows: rows)
    for record in BatchInput.records(of: chunk, ruleBook: shippedBook) {
        if case .success(let profile) = record.result { score(profile.facts) }
    }
}

/// One more file of the shipped rule book, e.g. a rules file a consultant is editing.
func ruleFile(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard case .success(let file) = SourceFile.decode(Data(bytes), path: "Rules/rules/99-fuzz.yaml") else { return }
    if case .success(let book) = RuleBookLoader.load(files: ShippedRuleBook.files + [file]) { exercise(book) }
}

/// A whole rule book in one file.
func ruleBook(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard case .success(let file) = SourceFile.decode(Data(bytes), path: "book.yaml") else { return }
    if case .success(let book) = RuleBookLoader.load(files: [file]) { exercise(book) }
}

/// Scores a profile with the shipped book both ways, which must agree.
func score(_ facts: FactSet) {
    let evaluation = shippedBook.score(facts)
    shippedScorer.score(facts)
    let fast = shippedScorer.recommendation.map { shippedBook.models[$0].id }
    guard fast == evaluation.recommendation else { fatalError("the batch scorer recommends \(fast ?? "none"), the engine \(evaluation.recommendation ?? "none")") }
}

/// Scores a loaded rule book with every fact unknown and with each fact's first representatives.
func exercise(_ book: RuleBook) {
    var bindings = Array(repeating: CELBinding.unknown, count: book.askedFactCount)
    let scorer = Scorer(book)
    for domain in book.domains.prefix(16) {
        for candidate in domain.candidates.prefix(3) {
            bindings[domain.slot] = .value(candidate)
            let facts = FactSet(bindings: bindings)
            let evaluation = book.score(facts)
            scorer.score(facts)
            guard scorer.recommendation.map({ book.models[$0].id }) == evaluation.recommendation else {
                fatalError("the batch scorer and the engine disagree on a fuzzed rule book")
            }
        }
    }
}
