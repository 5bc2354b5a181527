import AdvisorCEL
import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import Testing

/// Message catalogues (`locales/<language>.yaml`): a rule book's texts in another language,
/// keyed by the ids it already has, compiled into the rule book value, checked by `advisor check`.
@Suite struct CatalogueTests {
    /// A catalogue of the fixture book that translates some of its texts.
    static let catalogue = """
        locale: zh-CN
        rulebook: {name: 测试规则库}
        facts:
          capital: {name: 资金, unit: 美元, question: 你有多少资金？}
          breadth:
            values: {single: 单一品类, broad: 多个品类}
          asset_light: {means: 轻资产的创业者}
        models:
          alpha:
            name: 阿尔法
            tradeoffs: {light: 轻。}
        rules:
          light-suits-alpha: {because: 轻资产的创业者适合阿尔法。}
        """

    func files(_ catalogue: String = CatalogueTests.catalogue) -> [SourceFile] {
        [
            SourceFile(path: "book/a-facts.yaml", text: Fixture.facts), SourceFile(path: "book/b-rules.yaml", text: Fixture.rules),
            SourceFile(path: "book/locales/zh-CN.yaml", text: catalogue),
        ]
    }

    func book(_ language: String, _ catalogue: String = CatalogueTests.catalogue) throws -> RuleBook {
        try RuleBookLoader.load(files: files(catalogue), language: language).get()
    }

    @Test func aTranslatedBookCarriesTheCatalogueTextsAndKeepsIdsValuesAndTheEnglishElsewhere() throws {
        let chinese = try book("zh-CN")
        #expect(chinese.language == "zh-CN")
        #expect(chinese.header.name == "测试规则库")
        let capital = try #require(chinese.fact("capital"))
        #expect(capital.displayName == "资金")
        #expect(capital.question == "你有多少资金？")
        #expect(capital.unit == "美元")
        #expect(capital.answerUnit == "USD", "answers are still read in the rule book's own unit")
        #expect(chinese.fact("breadth")?.valueMeanings.map(\.value) == ["single", "broad"])
        #expect(chinese.fact("breadth")?.valueMeanings.map(\.meaning) == ["单一品类", "多个品类"])
        #expect(chinese.models.map(\.id) == ["alpha", "beta", "gamma"])
        #expect(chinese.models[0].name == "阿尔法")
        #expect(chinese.models[0].tradeOffs.map(\.text) == ["轻。"])
        #expect(chinese.models[1].name == "Beta", "an untranslated text falls back to English")
        #expect(chinese.rules.first { $0.id == "light-suits-alpha" }?.because == "轻资产的创业者适合阿尔法。")
        #expect(chinese.rules.first { $0.id == "broad-suits-beta" }?.because == "Broad range.")

        // The same scores, ids and fingerprint in either language: only texts differ.
        let english = try book("en")
        #expect(english.header.name == "Test book")
        #expect(english.fingerprint == chinese.fingerprint)
        let profile = "capital: 5000\nbreadth: broad\nbrand: true\n"
        let a = try Fixture.score(profile, book: english), b = try Fixture.score(profile, book: chinese)
        #expect(a.ranking.map(\.model) == b.ranking.map(\.model))
        #expect(a.ranking.map(\.fit) == b.ranking.map(\.fit))
    }

    @Test func theLookupByLanguageAndIdFallsBackToEnglish() throws {
        let texts = try book("en").texts
        #expect(texts.languages == ["en", "zh-CN"])
        #expect(texts.text(.fact("capital", field: "question"), in: "zh-CN") == "你有多少资金？")
        #expect(texts.text(.fact("capital", field: "question"), in: "en") == "How much capital?")
        #expect(texts.text(.model("beta", field: "name"), in: "zh-CN") == "Beta")
        #expect(texts.text(.model("beta", field: "name"), in: "fr") == "Beta")
        #expect(texts.text(.model("nobody", field: "name"), in: "zh-CN") == nil)
    }

    @Test func aRuleBookWithoutCataloguesSpeaksItsOwnLanguageWhateverIsAsked() throws {
        let plain = try Fixture.book()
        #expect(plain.texts.languages == ["en"])
        let asked = try RuleBookLoader.load(
            files: [SourceFile(path: "book/a-facts.yaml", text: Fixture.facts), SourceFile(path: "book/b-rules.yaml", text: Fixture.rules)],
            language: "zh-CN"
        ).get()
        #expect(asked.header.name == "Test book")
    }

    @Test func aCatalogueWithTheWrongShapeIsAnErrorAtItsLineAndColumn() {
        func problems(_ catalogue: String) -> [Diagnostic] {
            guard case .failure(let problems) = RuleBookLoader.load(files: files(catalogue)) else { return [] }
            return problems
        }
        let section = problems("locale: zh-CN\nfatcs:\n  capital: {name: 资金}\n")
        #expect(section.map(\.location?.description) == ["book/locales/zh-CN.yaml:2:1"])
        #expect(section.first?.hint == "did you mean 'facts'?")
        let field = problems("facts:\n  capital:\n    quesiton: 你有多少资金？\n")
        #expect(field.map(\.location?.description) == ["book/locales/zh-CN.yaml:3:15"])
        #expect(field.first?.hint == "did you mean 'question'?")
        let notText = problems("models:\n  alpha:\n    name: [阿尔法]\n")
        #expect(notText.first?.message.contains("must be text") == true)
        let locale = problems("locale: fr\n")
        #expect(locale.first?.message.contains("zh-CN.yaml") == true)
        let threshold = problems("thresholds:\n  capital: {lots: 很多}\n")
        #expect(threshold.first?.location?.description == "book/locales/zh-CN.yaml:2:19")
    }

    @Test func checkWarnsOfMissingTranslationsUnknownIdsAndDifferentPlaceholders() throws {
        let findings = try book("en").texts.translationFindings()
        let missing = findings.filter { $0.message.contains("has no zh-CN translation") }
        // Every text of the fixture but the ten the catalogue gives.
        #expect(missing.count == (try book("en").texts.source.count) - 10)
        #expect(missing.contains { $0.message == "the name of model 'beta' has no zh-CN translation in book/locales/zh-CN.yaml" && $0.location?.file == "book/a-facts.yaml" })
        #expect(findings.allSatisfy { $0.severity == .warning })

        let typo = try book("en", Self.catalogue + "\n  light-suits-alfa: {because: 错。}\n").texts.translationFindings()
        let unknown = try #require(typo.first { $0.message.contains("does not have") })
        #expect(unknown.message == "the zh-CN catalogue translates the `because` of rule 'light-suits-alfa', which the rule book does not have")
        #expect(unknown.hint == "did you mean `rules.light-suits-alpha.because`?")
        #expect(unknown.location?.description == "book/locales/zh-CN.yaml:14:31")

        let placeholders = RuleBookTexts(
            source: [.rule("r"): PlacedString("Your {fact} is low")], catalogues: [TextCatalogue(language: "zh-CN", texts: [.rule("r"): PlacedString("你的{因素}偏低")])]
        ).translationFindings()
        #expect(placeholders.map(\.message) == ["the zh-CN translation of the `because` of rule 'r' has placeholders {因素}, the English text {fact}"])
    }

    @Test func aCompleteCatalogueHasNoFindings() throws {
        let english = try book("en")
        #expect(english.texts.translationFindings().count > 0)
        let complete = TextCatalogue(language: "zh-CN", texts: english.texts.source.mapValues { PlacedString("译：" + String($0.text.count)) })
        #expect(RuleBookTexts(source: english.texts.source, catalogues: [complete]).translationFindings().isEmpty)
    }
}

/// Which language a command speaks, from the flag, the environment and the locale.
@Suite struct LanguageChoiceTests {
    let available = ["en", "zh-CN"]

    func resolve(_ flag: String?, _ environment: [String: String]) -> String? {
        try? Language.resolve(requested: flag, environment: environment, available: available).get()
    }

    @Test func theFlagThenAdvisorLangThenTheLocaleThenEnglish() {
        #expect(resolve("zh-CN", ["ADVISOR_LANG": "en"]) == "zh-CN")
        #expect(resolve(nil, ["ADVISOR_LANG": "zh-CN", "LANG": "en_US.UTF-8"]) == "zh-CN")
        #expect(resolve(nil, ["LANG": "zh_CN.UTF-8"]) == "zh-CN")
        #expect(resolve(nil, ["LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"]) == "en", "LC_ALL overrides LANG")
        #expect(resolve(nil, ["LC_ALL": "C", "LANG": "zh_CN.UTF-8"]) == "en", "the C locale names no language")
        #expect(resolve(nil, ["LANG": "de_DE.UTF-8"]) == "en", "a locale the advisor does not speak is English")
        #expect(resolve(nil, ["LANG": "zh_TW.UTF-8"]) == "en", "Traditional Chinese is not zh-CN")
        #expect(resolve(nil, [:]) == "en")
        #expect(resolve("zh_cn", [:]) == "zh-CN")
        #expect(resolve("zh", [:]) == "zh-CN")
    }

    @Test func anUnknownLanguageAskedForIsAnErrorListingTheAvailableOnes() {
        guard case .failure(let problem) = Language.resolve(requested: "fr", environment: [:], available: available) else {
            Issue.record("fr was accepted")
            return
        }
        #expect(problem.message.contains("'fr'"))
        #expect(problem.hint == "available: en, zh-CN")
        guard case .failure(let fromEnvironment) = Language.resolve(requested: nil, environment: ["ADVISOR_LANG": "klingon"], available: available) else {
            Issue.record("ADVISOR_LANG=klingon was accepted")
            return
        }
        #expect(fromEnvironment.message.hasPrefix("ADVISOR_LANG"))
    }

    @Test func acceptLanguagePicksTheBestAvailable() {
        #expect(Language.fromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8", among: available) == "zh-CN")
        #expect(Language.fromAcceptLanguage("fr-FR, en;q=0.5, zh;q=0.7", among: available) == "zh-CN")
        #expect(Language.fromAcceptLanguage("fr-FR", among: available) == nil)
        #expect(Language.fromAcceptLanguage("zh-CN;q=0, en", among: available) == "en")
    }
}
