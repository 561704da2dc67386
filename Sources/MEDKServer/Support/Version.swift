/// MEDK's version, shown in every page's footer so support knows what a person is looking at.
enum MEDKVersion {
    static let current = "0.18.0"
}
