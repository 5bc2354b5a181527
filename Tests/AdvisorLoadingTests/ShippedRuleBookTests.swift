import AdvisorEngine
import AdvisorLoading
import Foundation
import Testing

/// The rule book built into the executable is the one in `Rules/`.
@Suite struct ShippedRuleBookTests {
    static let rulesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Rules")

    @Test func theEmbeddedCopyMatchesRulesOnDisk() throws {
        let onDisk = try #require(try? RuleBookLoader.ruleFiles(in: Self.rulesFolder.path).get())
        let embedded = ShippedRuleBook.files
        #expect(
            embedded.map(\.path) == onDisk.map { "Rules/" + $0.dropFirst(Self.rulesFolder.path.count + 1) },
            "run scripts/embed-rules.sh after editing Rules/")
        for (file, path) in zip(embedded, onDisk) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(file.text == text, "\(file.path) differs from Rules/: run scripts/embed-rules.sh")
        }
    }

    @Test func theShippedRuleBookCompiles() throws {
        let result = RuleBookLoader.load(files: ShippedRuleBook.files)
        if case .failure(let problems) = result { Issue.record("\(problems.map(\.description))") }
        let book = try result.get()
        #expect(book.models.count == 9)
        #expect(book.askedFacts.count >= 14)
    }

    @Test func theShippedRuleBookDeclaresTheContractsFactsExactly() throws {
        let book = try RuleBookLoader.load(files: ShippedRuleBook.files).get()
        let expected: [(String, FactKind)] = [
            ("capital", .number(min: 0, max: nil)),
            ("category_breadth", .enumeration(["single", "focused", "broad"])),
            ("logistics_capacity", .enumeration(["none", "forwarder", "warehouse", "network"])),
            ("risk_tolerance", .enumeration(["low", "medium", "high"])),
            ("brand_authorization", .bool),
            ("overseas_sourcing", .enumeration(["none", "personal", "suppliers", "global"])),
            ("audience_size", .integer(min: 0, max: nil)),
            ("content_capability", .enumeration(["none", "some", "strong"])),
            ("tech_capability", .enumeration(["low", "medium", "high"])),
            ("after_sales", .bool),
            ("experience_years", .number(min: 0, max: nil)),
            ("service_capabilities", .list(["customs_clearance", "payment", "quality_control", "logistics", "marketing", "it_systems"])),
            ("target_customers", .enumeration(["consumers", "businesses", "both"])),
            ("price_positioning", .enumeration(["budget", "mid", "premium"])),
        ]
        for (id, kind) in expected {
            let fact = try #require(book.fact(id), "the contract's fact \(id) is not declared")
            #expect(!fact.isDerived)
            #expect(fact.kind == kind, "\(id)")
            #expect(fact.question?.isEmpty == false, "\(id) has no question")
        }
        #expect(
            book.models.map(\.id).sorted()
                == ["b2b", "b2c", "c2c", "content_commerce", "direct_mail", "flash_sale", "m2c", "rebate_guide", "service_provider"])
    }
}
