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
    web.get(SiteURL.importTemplate(.key).pathComponents, use: imports.template)

    web.get(SiteURL.audit.pathComponents, use: AuditController().index)
}
