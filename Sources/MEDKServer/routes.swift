import Vapor

/// The one route table. Every page passes the session and CSRF middleware; each controller
/// action asks the policy for permission itself, on the object it loaded.
func routes(_ app: Application) throws {
    let web = app.grouped(SessionMiddleware(), CSRFMiddleware())
    let home = HomeController(), auth = AuthController(), schools = SchoolController()
    let territories = TerritoryController(), users = UserController(), imports = ImportController()

    app.get(SiteURL.health.pathComponents) { _ in "ok" }

    web.get(SiteURL.root.pathComponents, use: home.root)
    web.get(SiteURL.home.pathComponents, use: home.home)

    web.get(SiteURL.login.pathComponents, use: auth.loginPage)
    web.post(SiteURL.login.pathComponents, use: auth.login)
    web.post(SiteURL.logout.pathComponents, use: auth.logout)
    web.post(SiteURL.switchRole.pathComponents, use: auth.switchRole)
    web.get(SiteURL.password.pathComponents, use: auth.passwordPage)
    web.post(SiteURL.password.pathComponents, use: auth.changePassword)

    web.get(SiteURL.schools.pathComponents, use: schools.list)
    web.post(SiteURL.schools.pathComponents, use: schools.create)
    web.get(SiteURL.newSchool.pathComponents, use: schools.newForm)
    web.get(SiteURL.school(.key).pathComponents, use: schools.show)
    web.post(SiteURL.schoolParticipation(.key).pathComponents, use: schools.includeInCycle)
    web.post(SiteURL.schoolCurators(.key).pathComponents, use: schools.assignCurator)
    web.post(SiteURL.endAssignment(school: .key, assignment: .key).pathComponents, use: schools.endAssignment)

    web.get(SiteURL.territories.pathComponents, use: territories.index)
    web.post(SiteURL.regions.pathComponents, use: territories.createRegion)
    web.post(SiteURL.municipalities.pathComponents, use: territories.createMunicipality)

    web.get(SiteURL.users.pathComponents, use: users.list)
    web.post(SiteURL.users.pathComponents, use: users.create)
    web.get(SiteURL.newUser.pathComponents, use: users.newForm)
    web.get(SiteURL.user(.key).pathComponents, use: users.show)
    web.post(SiteURL.userGrants(.key).pathComponents, use: users.addGrant)
    web.post(SiteURL.revokeGrant(user: .key, grant: .key).pathComponents, use: users.revokeGrant)
    web.post(SiteURL.userActive(.key).pathComponents, use: users.toggleActive)

    let uploadLimit = ByteCount(value: app.settings.maxImportBytes)
    web.get(SiteURL.imports.pathComponents, use: imports.index)
    web.on(.POST, SiteURL.importSchools.pathComponents, body: .collect(maxSize: uploadLimit), use: imports.importSchools)
    web.on(.POST, SiteURL.importUsers.pathComponents, body: .collect(maxSize: uploadLimit), use: imports.importUsers)
    web.on(.POST, SiteURL.importRiskProfiles.pathComponents, body: .collect(maxSize: uploadLimit),
           use: imports.importRiskProfiles)
    web.get(SiteURL.importTemplate(.key).pathComponents, use: imports.template)

    web.get(SiteURL.audit.pathComponents, use: AuditController().index)

    let roadmap = RoadmapController(), chat = ChatController()
    web.get(SiteURL.section(school: .key, section: .key).pathComponents, use: roadmap.section)
    web.on(.POST, SiteURL.sectionDocuments(school: .key, section: .key).pathComponents, body: .stream, use: roadmap.upload)
    web.get(SiteURL.document(.key).pathComponents, use: roadmap.document)
    web.on(.POST, SiteURL.documentVersions(.key).pathComponents, body: .stream, use: roadmap.newVersion)
    web.get(SiteURL.documentFile(.key, number: .key).pathComponents, use: roadmap.download)
    web.post(SiteURL.documentMove(.key, move: .key).pathComponents, use: roadmap.move)
    web.get(SiteURL.reviews.pathComponents, use: roadmap.queue)
    web.get(SiteURL.profileFile(.key).pathComponents, use: roadmap.profileFile)
    web.on(.POST, SiteURL.profileFile(.key).pathComponents, body: .stream, use: roadmap.attachProfileFile)
    web.get(SiteURL.feed.pathComponents, use: roadmap.feed)
    web.get(SiteURL.chat(.key).pathComponents, use: chat.page)
    web.post(SiteURL.chat(.key).pathComponents, use: chat.post)
    web.get(SiteURL.chatMessages(.key).pathComponents, use: chat.poll)

    let verification = VerificationController()
    web.get(SiteURL.verification(.key).pathComponents, use: verification.page)
    web.post(SiteURL.verification(.key).pathComponents, use: verification.save)

    let selfAssessment = SelfAssessmentController()
    web.get(SiteURL.selfAssessment(.key).pathComponents, use: selfAssessment.page)
    web.post(SiteURL.selfAssessment(.key).pathComponents, use: selfAssessment.save)
    web.post(SiteURL.selfAssessmentMove(.key, move: .key).pathComponents, use: selfAssessment.move)

    let directions = DirectionsController()
    web.get(SiteURL.directions(.key).pathComponents, use: directions.page)
    web.post(SiteURL.directions(.key).pathComponents, use: directions.activate)

    let programs = ProgramController(), reports = MonitoringReportController()
    web.get(SiteURL.direction(school: .key, factor: .key).pathComponents, use: programs.direction)
    web.on(.POST, SiteURL.stageEvidence(school: .key, factor: .key, stage: .key).pathComponents, body: .stream,
           use: programs.uploadEvidence)
    web.get(SiteURL.program(school: .key, factor: .key).pathComponents, use: programs.program)
    web.post(SiteURL.program(school: .key, factor: .key).pathComponents, use: programs.save)
    web.get(SiteURL.programPrint(school: .key, factor: .key).pathComponents, use: programs.print)
    web.get(SiteURL.programExport(school: .key, factor: .key).pathComponents, use: programs.export)
    web.post(SiteURL.programMove(school: .key, factor: .key, move: .key).pathComponents, use: programs.move)
    web.get(SiteURL.monitoringReport(school: .key, stage: .key).pathComponents, use: reports.page)
    web.post(SiteURL.monitoringReport(school: .key, stage: .key).pathComponents, use: reports.save)
    web.post(SiteURL.monitoringReportMove(school: .key, stage: .key, move: .key).pathComponents, use: reports.move)

    let plans = TerritoryRoadmapController(), monitoring = MonitoringController()
    web.get(SiteURL.territoryPlans.pathComponents, use: plans.index)
    web.get(SiteURL.territoryRoadmaps(.key).pathComponents, use: plans.list)
    web.on(.POST, SiteURL.territoryRoadmaps(.key).pathComponents, body: .collect(maxSize: uploadLimit), use: plans.importNew)
    web.get(SiteURL.territoryRoadmapTemplate(.key).pathComponents, use: plans.template)
    web.get(SiteURL.territoryRoadmap(.key).pathComponents, use: plans.show)
    web.on(.POST, SiteURL.territoryRoadmapImport(.key).pathComponents, body: .collect(maxSize: uploadLimit), use: plans.reimport)
    web.get(SiteURL.territoryRoadmapExport(.key).pathComponents, use: plans.export)
    web.get(SiteURL.territoryRoadmapItem(.key).pathComponents, use: plans.item)
    web.on(.POST, SiteURL.territoryRoadmapItemDone(.key).pathComponents, body: .stream, use: plans.markDone)
    web.post(SiteURL.territoryRoadmapItemNotDone(.key).pathComponents, use: plans.markNotDone)
    web.get(SiteURL.territoryRoadmapEvidence(.key).pathComponents, use: plans.evidence)
    web.get(SiteURL.publicTerritory(.key).pathComponents, use: plans.publicPage)
    web.get(SiteURL.monitoring.pathComponents, use: monitoring.index)
    web.post(SiteURL.monitoringRuns.pathComponents, use: monitoring.open)
    web.get(SiteURL.monitoringRun(.key).pathComponents, use: monitoring.run)
    web.post(SiteURL.monitoringRunSubjects(.key).pathComponents, use: monitoring.addSubject)
    web.get(SiteURL.monitoringRunSummary(.key).pathComponents, use: monitoring.summary)
    web.get(SiteURL.monitoringSubject(.key).pathComponents, use: monitoring.subject)
    web.post(SiteURL.monitoringSubject(.key).pathComponents, use: monitoring.submit)
    web.get(SiteURL.newInstrument.pathComponents, use: monitoring.newInstrument)
    web.on(.POST, SiteURL.instruments.pathComponents, body: .collect(maxSize: uploadLimit), use: monitoring.defineInstrument)
    web.get(SiteURL.instrument(.key).pathComponents, use: monitoring.instrument)
    web.get(SiteURL.instrumentJSON(.key).pathComponents, use: monitoring.instrumentJSON)
}
