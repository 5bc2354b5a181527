import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import Foundation

// Quick engine-only measurement (to be grown into the full benchmark).
let rules = CommandLine.arguments[1]
let data = CommandLine.arguments[2]
let book = try RuleBookLoader.load(directory: rules).get()
var sets: [FactSet] = []
let text = try String(contentsOfFile: data, encoding: .utf8)
for line in text.split(separator: "\n") {
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    var values: [String: CELValue] = [:]
    for (k, v) in object where k != "name" { values[k] = CELValue.fromJSON(v) }
    sets.append(try book.factSet(values).get())
}
let scorer = Scorer(book)
let encoded = sets.map { scorer.encode($0)! }
print("fast conditions: \(book.fastConditionCount) of \(book.rules.count)")
for _ in 0..<20 {
func cpu() -> Double { var t = timespec(); clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }
let start = cpu()
var checksum = 0.0
for set in encoded { scorer.score(set); checksum += scorer.fit(scorer.order[0]) }
let seconds = cpu() - start
print("engine alone: \(Int(Double(sets.count) / seconds)) profiles/s (\(seconds)s) checksum \(checksum)")
}
