import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import Testing

/// A small rule book for tests: two asked facts of each kind, three models, a derived fact.
enum Fixture {
    static let facts = """
        rulebook:
          name: Test book
          version: 7
          decision: model
          neutral: 50
        facts:
          - id: capital
            type: number
            min: 0
            unit: USD
            question: How much capital?
          - id: audience
            type: integer
            min: 0
          - id: brand
            type: bool
          - id: breadth
            type: enum
            values:
              single: One category
              broad: Many categories
          - id: services
            type: list
            values: [payment, logistics]
        derived:
          - id: asset_light
            type: bool
            default: false
            means: An asset-light founder
        models:
          - id: alpha
            name: Alpha
            tradeoffs:
              - {id: light, kind: advantage, seed: "000", text: Light.}
          - id: beta
            name: Beta
            tradeoffs:
              - {id: heavy, kind: disadvantage, seed: "004", text: Heavy.}
          - id: gamma
            name: Gamma
            tradeoffs:
              - {id: services, kind: trait, seed: domain, text: Services.}

        """

    static let rules = """
        rules:
          - id: light-founder
            when: capital < 10000
            because: Little capital.
            encodes: [alpha/light]
            derive: {asset_light: true}
          - id: light-suits-alpha
            when: asset_light
            because: Asset-light founders suit alpha.
            encodes: [alpha/light]
            score: {alpha: 20, beta: -10}
          - id: brand-needed-for-beta
            when: brand == false
            because: Beta needs a brand.
            encodes: [beta/heavy]
            exclude: [beta]
          - id: broad-suits-beta
            when: breadth == 'broad'
            because: Broad range.
            encodes: [beta/heavy]
            score: {beta: 15}
          - id: services-suit-gamma
            when: "'payment' in services && audience > 100"
            because: Services.
            encodes: [gamma/services]
            score: {gamma: 30}

        """

    static func book(rules: String = Fixture.rules, facts: String = Fixture.facts) throws -> RuleBook {
        let files = [SourceFile(path: "book/a-facts.yaml", text: facts), SourceFile(path: "book/b-rules.yaml", text: rules)]
        switch RuleBookLoader.load(files: files) {
        case .success(let book): return book
        case .failure(let problems):
            Issue.record("fixture rule book did not load: \(problems.map(\.description))")
            throw problems[0]
        }
    }

    static func problems(rules: String, facts: String = Fixture.facts) -> [Diagnostic] {
        let files = [SourceFile(path: "book/a-facts.yaml", text: facts), SourceFile(path: "book/b-rules.yaml", text: rules)]
        if case .failure(let problems) = RuleBookLoader.load(files: files) { return problems }
        return []
    }

    static func profile(_ yaml: String, book: RuleBook) throws -> Profile {
        switch ProfileLoader.parse(SourceFile(path: "p.yaml", text: yaml), ruleBook: book) {
        case .success(let profile): return profile
        case .failure(let problems):
            Issue.record("profile did not load: \(problems.map(\.description))")
            throw problems[0]
        }
    }

    static func score(_ yaml: String, book: RuleBook) throws -> Evaluation {
        book.score(try profile(yaml, book: book).facts)
    }
}
