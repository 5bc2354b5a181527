import AdvisorBatch
import AdvisorDiagnostics
import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import Foundation

// The batch benchmark: `scripts/bench.sh` (or `swift run -c release advisor-bench`).
// Prints profiles per second for the engine alone and end to end, beside the time merely to
// read and parse the same input (the floor no scorer can beat), and peak memory, with the
// targets of the batch issue marked met or not. Figures, not tests: nothing here fails.

// MARK: - Set-up

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}
let root = FileManager.default.currentDirectoryPath
let workload = option("--workload", "../shared/bench")
let data = option("--data", ".build/bench-data")
let count = Int(option("--profiles", "100000")) ?? 100_000
let large = Int(option("--large", "1000000")) ?? 1_000_000
let executable = option("--advisor", ".build/release/advisor")

@discardableResult
func shell(_ command: String) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", command]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.standardError
    do { try process.run() } catch { return (127, "") }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("advisor-bench: \(message)\n".utf8))
    exit(2)
}

func now() -> Double { Date().timeIntervalSince1970 }
func threadCPU() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
func grouped(_ number: Double) -> String {
    let digits = String(Int(number.rounded()))
    var result = ""
    for (index, character) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
        result.append(character)
    }
    return result
}
func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }

guard FileManager.default.fileExists(atPath: workload + "/rules.json") else {
    fail("no reference workload at \(workload) (give --workload DIR, the folder with rules.json and gen_profiles.py)")
}
guard FileManager.default.isExecutableFile(atPath: executable) else {
    fail("no advisor at \(executable): run `swift build -c release` first (scripts/bench.sh does)")
}
try? FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
let rules = data + "/rules"
shell("python3 scripts/bench/convert-rules.py '\(workload)/rules.json' '\(rules)'")
let jsonl = data + "/profiles.jsonl"
let yamlFolder = data + "/profiles_yaml"
if !FileManager.default.fileExists(atPath: yamlFolder) || (try? FileManager.default.contentsOfDirectory(atPath: yamlFolder).count) != count {
    print("generating \(grouped(Double(count))) profiles (JSON Lines and a folder of YAML files)...")
    shell("cd '\(data)' && rm -rf profiles_yaml profiles.jsonl && python3 '\(root)/\(workload)/gen_profiles.py' --n \(count) --seed 20250601 > /dev/null")
}
let largeFile = data + "/profiles-\(large).jsonl"
if !FileManager.default.fileExists(atPath: largeFile) {
    print("generating \(grouped(Double(large))) profiles for the memory figure...")
    shell("mkdir -p '\(data)/large' && cd '\(data)/large' && python3 '\(root)/\(workload)/gen_profiles.py' --n \(large) --seed 20250601 --no-yaml > /dev/null && mv profiles.jsonl '\(largeFile.hasPrefix("/") ? largeFile : root + "/" + largeFile)'")
}
let smallFile = data + "/profiles-10000.jsonl"
shell("head -n 10000 '\(largeFile)' > '\(smallFile)'")
let floorBinary = data + "/parse_floor_yaml"
if !FileManager.default.fileExists(atPath: floorBinary) {
    shell("gcc -O2 -o '\(floorBinary)' '\(workload)/parse_floor_yaml.c' -lyaml")
}

let book: RuleBook
switch RuleBookLoader.load(directory: rules) {
case .success(let loaded): book = loaded
case .failure(let problems): fail("the converted rule book does not load:\n" + DiagnosticText.render(problems))
}

// MARK: - The converted rule book reproduces the expected results exactly

print("Reference workload: \(book.rules.count) rules, \(book.models.count) options, \(book.askedFacts.count) facts; \(book.fastConditionCount) of \(book.rules.count) conditions compiled to bit tests.")
let lines = (try? String(contentsOfFile: jsonl, encoding: .utf8))?.split(separator: "\n") ?? []
var profiles: [FactSet] = []
profiles.reserveCapacity(lines.count)
for (index, line) in lines.enumerated() {
    let members = JSONReader.object(String(line), file: jsonl, firstLine: index + 1)
    guard case .success(let parsed) = members, case .success(let profile) = ProfileLoader.build(source: "", file: nil, entries: parsed.map(\.profileEntry), ruleBook: book) else {
        fail("profile \(index + 1) of \(jsonl) does not load")
    }
    profiles.append(profile.facts)
}
let scorer = Scorer(book)
var mismatches = 0
let expected = (try? String(contentsOfFile: workload + "/expected_first_1000.jsonl", encoding: .utf8))?.split(separator: "\n") ?? []
for (index, line) in expected.enumerated() where index < profiles.count {
    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let scores = object["scores"] as? [String: Double], let excluded = object["excluded"] as? [String], let fired = object["fired"] as? [String]
    else { fail("cannot read \(workload)/expected_first_1000.jsonl line \(index + 1)") }
    scorer.score(profiles[index])
    let gotScores = Dictionary(uniqueKeysWithValues: book.models.indices.map { (book.models[$0].id, scorer.fit($0)) })
    let gotExcluded = Set(book.models.indices.filter { scorer.isExcluded($0) }.map { book.models[$0].id })
    // Fired rules in rule-file order (the rule book keeps file order: no derived facts here).
    let gotFired = book.rules.indices.filter { scorer.status(ofRule: $0) == .fired }.map { book.rules[$0].id }
    if gotScores != scores || gotExcluded != Set(excluded) || gotFired != fired { mismatches += 1 }
}
print("Check against expected_first_1000.jsonl: \(expected.count - mismatches) of \(expected.count) profiles reproduced exactly (scores, exclusions, fired rules).")
if mismatches > 0 { fail("the converted rule book does not reproduce the expected results; no figure counts") }
print("")

// MARK: - Engine alone

/// Profiles per second scoring `sets` on `threads` threads (best of three), in memory.
func engineRate(_ book: RuleBook, _ sets: [FactSet], threads: Int, rounds: Int = 3) -> Double {
    nonisolated(unsafe) let scorers = (0..<threads).map { _ in Scorer(book) }  // one per thread, never shared
    let encoded = sets.map { scorers[0].encode($0) }
    var best = Double.infinity
    for _ in 0..<rounds {
        let start = now()
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            // Each thread its own contiguous share, so no two threads touch the same cache lines.
            let scorer = scorers[thread]
            let share = (sets.count + threads - 1) / threads
            for index in (thread * share)..<min(sets.count, (thread + 1) * share) {
                if let packed = encoded[index] { scorer.score(packed) } else { scorer.score(sets[index]) }
            }
        }
        best = min(best, now() - start)
    }
    return Double(sets.count) / best
}

let cores = ProcessInfo.processInfo.activeProcessorCount
let oneCore = engineRate(book, profiles, threads: 1)
let allCores = engineRate(book, profiles, threads: cores)

let shipped = (try? RuleBookLoader.load(files: ShippedRuleBook.files).get())
var exampleSets: [FactSet] = []
if let shipped {
    for path in (try? FileManager.default.contentsOfDirectory(atPath: "Examples/profiles"))?.sorted() ?? [] where path.hasSuffix(".yaml") {
        if case .success(let profile) = ProfileLoader.load(path: "Examples/profiles/" + path, ruleBook: shipped) { exampleSets.append(profile.facts) }
    }
}
let repeated = Array(repeating: exampleSets, count: max(1, 100_000 / max(exampleSets.count, 1))).flatMap { $0 }
let shippedRate = shipped.map { engineRate($0, repeated, threads: 1) } ?? 0
let tracedRate: Double = {
    guard let shipped, !exampleSets.isEmpty else { return 0 }
    let start = now()
    var rounds = 0
    while now() - start < 1 {
        for set in exampleSets { _ = shipped.score(set, traced: true) }
        rounds += 1
    }
    return Double(rounds * exampleSets.count) / (now() - start)
}()

/// Milliseconds per profile for all of a report's counterfactuals (median and worst over the examples, best of 3 each).
let counterfactualTimes: [Double] = {
    guard let shipped else { return [] }
    return exampleSets.map { facts in
        let evaluation = shipped.score(facts, traced: false)
        var best = Double.infinity
        for _ in 0..<3 {
            let start = now()
            _ = shipped.counterfactuals(for: facts, evaluation: evaluation)
            best = min(best, now() - start)
        }
        return best * 1000
    }.sorted()
}()

/// Milliseconds per step of `advisor ask` (choose the next question and decide whether to stop:
/// `QuestionPlanner.plan`), over every step of each example's adaptive interview, best of 3 each.
let questionPlanTimes: [Double] = {
    guard let shipped else { return [] }
    let planner = QuestionPlanner(ruleBook: shipped)
    var times: [Double] = []
    for facts in exampleSets {
        var bindings = Array(repeating: CELBinding.unknown, count: shipped.askedFactCount)
        var skipped: Set<String> = []
        while true {
            var best = Double.infinity
            var plan = planner.plan(FactSet(bindings: bindings), closed: skipped)
            for _ in 0..<3 {
                let start = now()
                plan = planner.plan(FactSet(bindings: bindings), closed: skipped)
                best = min(best, now() - start)
            }
            times.append(best * 1000)
            guard !plan.isSettled, let next = plan.next, let slot = shipped.slot(ofFact: next) else { break }
            // Answer as the profile does, or skip what it leaves out.
            if case .value = facts.bindings[slot] { bindings[slot] = facts.bindings[slot] } else { skipped.insert(next) }
        }
    }
    return times.sorted()
}()

// MARK: - End to end

/// Best wall time of three runs of a shell command.
func wall(_ command: String, rounds: Int = 3) -> Double {
    var best = Double.infinity
    for _ in 0..<rounds {
        let start = now()
        shell(command)
        best = min(best, now() - start)
    }
    return best
}

let advisor = "'\(executable)' score --quiet --rules '\(rules)'"
let jsonlTime = wall("\(advisor) --format jsonl '\(jsonl)' > /dev/null")
let jsonFloor = wall("python3 -c \"import json,sys\nfor line in open(sys.argv[1], 'rb'): json.loads(line)\" '\(jsonl)'")
let yamlTime = wall("\(advisor) --format jsonl '\(yamlFolder)' > /dev/null")
let yamlFloor = wall("'\(floorBinary)' '\(yamlFolder)' > /dev/null")
// The same generated profiles through the shipped rule book (the built-in one): the figures a
// user of the advisor sees, beside the floor of each input format, measured in the same run.
let csvFile = data + "/profiles.csv"
if !FileManager.default.fileExists(atPath: csvFile) {
    shell("python3 scripts/bench/jsonl-to-csv.py '\(jsonl)' '\(csvFile)'")
}
let shippedAdvisor = "'\(executable)' score --quiet"
let shippedJSONL = wall("\(shippedAdvisor) --format jsonl '\(jsonl)' > /dev/null")
let shippedJSONLOneCore = wall("\(shippedAdvisor) --jobs 1 --format jsonl '\(jsonl)' > /dev/null")
let shippedCSVIn = wall("\(shippedAdvisor) --format jsonl '\(csvFile)' > /dev/null")
let csvFloor = wall("python3 -c \"import csv,sys\nfor row in csv.reader(open(sys.argv[1], newline='')): pass\" '\(csvFile)'")
let shippedYAML = wall("\(shippedAdvisor) --format jsonl '\(yamlFolder)' > /dev/null")
let shippedCSVOut = wall("\(shippedAdvisor) --format csv '\(jsonl)' > /dev/null")
let cohortFolder = data + "/cohort"
try? FileManager.default.createDirectory(atPath: cohortFolder, withIntermediateDirectories: true)
let withCohortReport = wall("\(shippedAdvisor) --format jsonl --summary '\(cohortFolder)/cohort.md' '\(jsonl)' > /dev/null")

/// Where the time of a batch goes, stage by stage, in this process on one core (best of 3):
/// the bound of a target the end-to-end figure misses, measured rather than guessed.
struct Stages {
    /// Reading the file into rows or lines (what a floor does), then turning each into checked
    /// facts (the answer syntax, each value against its fact's declaration).
    var read = 0.0, check = 0.0
    /// Scoring the checked profiles; deciding which unknown facts could change each
    /// recommendation (`Scorer.unknownFacts`, the engine's exact search); writing the records
    /// of each output format (both say the unknown facts).
    var score = 0.0, decide = 0.0, jsonl = 0.0, csv = 0.0
    /// Counting the profiles for the cohort report (`--summary`), their unknown facts decided.
    var tally = 0.0
}
func stages(of source: BatchInput.Source, ruleBook: RuleBook) -> Stages {
    var best = Stages(read: .infinity, check: .infinity, score: .infinity, decide: .infinity, jsonl: .infinity, csv: .infinity, tally: .infinity)
    let scorer = Scorer(ruleBook)
    let jsonlWriter = BatchWriter(book: ruleBook, format: .jsonl), csvWriter = BatchWriter(book: ruleBook, format: .csv)
    for _ in 0..<3 {
        var chunks: [BatchInput.Chunk] = []
        var start = now()
        BatchInput.stream([source], ruleBook: ruleBook, chunkSize: 1024) { chunks.append($0); return true }
        best.read = min(best.read, now() - start)
        start = now()
        let records = chunks.flatMap { BatchInput.records(of: $0, ruleBook: ruleBook) }
        best.check = min(best.check, now() - start)
        let read = records.compactMap { try? $0.result.get() }
        start = now()
        for profile in read { scorer.score(profile.facts) }
        let scoring = now() - start
        best.score = min(best.score, scoring)
        start = now()
        for profile in read {
            scorer.score(profile.facts)
            _ = scorer.unknownFacts()
        }
        let deciding = now() - start
        best.decide = min(best.decide, deciding - scoring)
        var tally = BatchTally(ruleBook: ruleBook, detailed: true)
        start = now()
        for (profile, record) in zip(read, records.filter { (try? $0.result.get()) != nil }) {
            scorer.score(profile.facts)
            var scored = ScoredProfile(scorer)
            _ = scored.unknownFacts()
            tally.add(scored: &scored, record: record)
        }
        best.tally = min(best.tally, now() - start - deciding)
        for (writer, keyPath) in [(jsonlWriter, \Stages.jsonl), (csvWriter, \Stages.csv)] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(1 << 20)
            start = now()
            for profile in read {
                scorer.score(profile.facts)
                var scored = ScoredProfile(scorer)
                writer.scored(profile.source, name: profile.name, profile: &scored, into: &bytes)
                if bytes.count > 1 << 20 { bytes.removeAll(keepingCapacity: true) }
            }
            best[keyPath: keyPath] = min(best[keyPath: keyPath], now() - start - deciding)
        }
    }
    return best
}
let csvStages = shipped.map { stages(of: .csv(csvFile), ruleBook: $0) } ?? Stages()
let jsonlStages = shipped.map { stages(of: .jsonLines(jsonl), ruleBook: $0) } ?? Stages()

/// Median wall time of 11 runs, timed by a Python parent (spawning from Foundation's Process
/// adds tens of milliseconds that are not the advisor's).
let oneProfile: Double = {
    let example = "Examples/profiles/m2c-korean-skincare-brand.yaml"
    let timer = "import subprocess,sys,time\nts=[]\nfor _ in range(11):\n s=time.perf_counter(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); ts.append(time.perf_counter()-s)\nprint(sorted(ts)[5])"
    let output = shell("python3 -c '\(timer)' '\(executable)' score --quiet '\(example)'").output
    return Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .infinity
}()

/// Peak resident memory (KiB) of a command, read by a Python wrapper from the kernel.
func peakMemory(_ command: String) -> Double {
    let wrapper = "import resource,subprocess,sys; subprocess.run(sys.argv[1], shell=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    let result = shell("python3 -c '\(wrapper)' \"\(command.replacingOccurrences(of: "\"", with: "\\\""))\"")
    return Double(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
}
let smallMemory = peakMemory("\(advisor) --format jsonl '\(smallFile)' > /dev/null")
let largeMemory = peakMemory("\(advisor) --format jsonl '\(largeFile)' > /dev/null")

// MARK: - Report

func mark(_ met: Bool) -> String { met ? "met" : "NOT met" }
print("Machine: \(cores) cores; \(ProcessInfo.processInfo.operatingSystemVersionString).")
print("")
print("| figure | value | target | |")
print("|---|---:|---|---|")
print("| engine alone, reference workload, 1 core | \(grouped(oneCore)) profiles/s | >= 1,000,000 | \(mark(oneCore >= 1_000_000)) |")
print("| engine alone, reference workload, \(cores) cores | \(grouped(allCores)) profiles/s | | |")
print("| engine alone, shipped rule book on the examples, 1 core | \(grouped(shippedRate)) profiles/s | | |")
print("| engine with full trace (explanations), shipped rule book, 1 core | \(grouped(tracedRate)) profiles/s | | |")
print("| end to end, \(grouped(Double(profiles.count))) profiles from profiles.jsonl | \(seconds(jsonlTime)) (\(grouped(Double(profiles.count) / jsonlTime)) profiles/s) | <= 1.5 x floor = \(seconds(1.5 * jsonFloor)) | \(mark(jsonlTime <= 1.5 * jsonFloor)) |")
print("| floor: Python's C JSON parser reads profiles.jsonl | \(seconds(jsonFloor)) | | |")
print("| end to end, folder of \(grouped(Double(count))) YAML files | \(seconds(yamlTime)) (\(grouped(Double(count) / yamlTime)) profiles/s) | <= 2 x floor = \(seconds(2 * yamlFloor)) | \(mark(yamlTime <= 2 * yamlFloor)) |")
print("| floor: libyaml reads and parses the folder (events only) | \(seconds(yamlFloor)) | | |")
print("| peak memory, 10,000 profiles | \(grouped(smallMemory / 1024)) MiB | | |")
print("| peak memory, \(grouped(Double(large))) profiles | \(grouped(largeMemory / 1024)) MiB | <= 1.2 x the 10,000 figure | \(mark(largeMemory <= 1.2 * smallMemory)) |")
func ratio(_ value: Double, _ floor: Double) -> String { String(format: "%.2f x", value / floor) }
let n = Double(count)
print("| shipped rule book, end to end, profiles.jsonl, \(cores) cores | \(seconds(shippedJSONL)) (\(grouped(n / shippedJSONL)) profiles/s), \(ratio(shippedJSONL, jsonFloor)) the JSON floor | <= 1.5 x | \(mark(shippedJSONL <= 1.5 * jsonFloor)) |")
print("| shipped rule book, end to end, profiles.jsonl, 1 core | \(seconds(shippedJSONLOneCore)), \(ratio(shippedJSONLOneCore, jsonFloor)) the JSON floor | | |")
print("| shipped rule book, end to end, profiles.csv | \(seconds(shippedCSVIn)) (\(grouped(n / shippedCSVIn)) profiles/s), \(ratio(shippedCSVIn, csvFloor)) the CSV floor | <= 1.5 x | \(mark(shippedCSVIn <= 1.5 * csvFloor)) |")
print("| floor: Python's csv module reads profiles.csv | \(seconds(csvFloor)) | | |")
print("| shipped rule book, end to end, folder of YAML files | \(seconds(shippedYAML)), \(ratio(shippedYAML, yamlFloor)) the libyaml floor | | |")
print("| shipped rule book, CSV output of profiles.jsonl | \(seconds(shippedCSVOut)), \(ratio(shippedCSVOut, shippedJSONL)) the JSON Lines output | <= 1.1 x | \(mark(shippedCSVOut <= 1.1 * shippedJSONL)) |")
print("| shipped rule book, JSON Lines output with the cohort report (--summary) | \(seconds(withCohortReport)), \(ratio(withCohortReport, shippedJSONL)) the batch alone | < 2 x | \(mark(withCohortReport < 2 * shippedJSONL)) |")
print("| stages, 1 core in process: profiles.csv read / checked / scored / unknown facts decided / written as JSON Lines | \(seconds(csvStages.read)) / \(seconds(csvStages.check)) / \(seconds(csvStages.score)) / \(seconds(csvStages.decide)) / \(seconds(csvStages.jsonl)) | | |")
print("| stages, 1 core in process: profiles.jsonl read / checked / scored / unknown facts decided / written as JSON Lines, as CSV | \(seconds(jsonlStages.read)) / \(seconds(jsonlStages.check)) / \(seconds(jsonlStages.score)) / \(seconds(jsonlStages.decide)) / \(seconds(jsonlStages.jsonl)), \(seconds(jsonlStages.csv)) | | |")
if !counterfactualTimes.isEmpty {
    let median = counterfactualTimes[counterfactualTimes.count / 2], worst = counterfactualTimes.last ?? 0
    print("| counterfactual search, all of a report's, per example profile: median / slowest | \(String(format: "%.1f / %.1f ms", median, worst)) | < 50 ms | \(mark(worst < 50)) |")
}
if !questionPlanTimes.isEmpty {
    let median = questionPlanTimes[questionPlanTimes.count / 2], worst = questionPlanTimes.last ?? 0
    print("| advisor ask: next question and whether to stop, per step of the example interviews: median / slowest | \(String(format: "%.1f / %.1f ms", median, worst)) | < 10 ms | \(mark(worst < 10)) |")
}
print("| one profile, rule-book compile included (median of 11) | \(String(format: "%.1f ms", oneProfile * 1000)) | < 30 ms | \(mark(oneProfile < 0.030)) |")

// The bound of each batch target missed, from the stages measured above.
print("")
/// The batch's own work on one core (reading, checking, writing JSON Lines) and the engine's
/// (scoring, deciding the unknown facts), each over the cores as if spread perfectly: a floor
/// under the end-to-end figure that only the engine's part or ours can lower.
func bound(_ stages: Stages, floor: Double, floorName: String, target: Double) -> String {
    let ours = stages.read + stages.check + stages.jsonl, engine = stages.score + stages.decide
    let spread = (ours + engine) / Double(cores)
    return "on one core in process, reading and splitting take \(seconds(stages.read)), checking the cells or values against their facts \(seconds(stages.check)) and writing the JSON Lines \(seconds(stages.jsonl)) (the batch's part, \(seconds(ours)), \(ratio(ours / Double(cores), floor)) \(floorName) spread over \(cores) cores); scoring takes \(seconds(stages.score)) and deciding which unknown facts could change each answer \(seconds(stages.decide)) (the engine's exact search, issue 11). All of it, spread perfectly over \(cores) cores, is \(ratio(spread, floor)) \(floorName), against a target of \(String(format: "%.1f", target)) x\(ours / Double(cores) < target * floor ? ": the batch's part alone would meet it" : "")."
}
if shippedJSONL > 1.5 * jsonFloor {
    print("- Shipped rule book, JSON Lines input: \(bound(jsonlStages, floor: jsonFloor, floorName: "the JSON floor", target: 1.5))")
}
if shippedCSVIn > 1.5 * csvFloor {
    print("- Shipped rule book, CSV input (Python's csv module only splits the rows): \(bound(csvStages, floor: csvFloor, floorName: "the CSV floor", target: 1.5))")
}
if shippedCSVOut > 1.1 * shippedJSONL {
    print("- CSV output: writing the records takes \(seconds(jsonlStages.csv)) as CSV against \(seconds(jsonlStages.jsonl)) as JSON Lines on one core in process; the rest of the run is the same reading, checking, scoring and deciding (\(seconds(jsonlStages.read + jsonlStages.check + jsonlStages.score + jsonlStages.decide))), so a gap beyond that is the machine's noise between runs.")
}
if withCohortReport >= 2 * shippedJSONL {
    print("- Cohort report: it reuses each profile's decided unknown facts (no second search); counting the profiles for it takes \(seconds(jsonlStages.tally)) on one core in process, against \(seconds(withCohortReport - shippedJSONL)) beyond the batch measured end to end.")
}
