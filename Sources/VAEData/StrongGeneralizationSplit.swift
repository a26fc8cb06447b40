import VAENumerics

/// Options of the vae_cf strong-generalisation split (protocols.md §1.2 steps 3–8).
public struct StrongGeneralizationOptions: Sendable, Equatable, Codable {
    /// `h`: number of validation users, and of test users.
    public var heldOutUsers: Int
    /// Seed of numpy's legacy RNG for the user permutation and both fold-in splits.
    public var seed: UInt32
    /// Share of a held-out user's events used as targets: `floor(share · n)` (Python's
    /// `int(0.2 * n)`, computed in double precision).
    public var heldOutShare: Double
    /// Users with fewer restricted events than this keep all of them as fold-in.
    public var minEventsForHeldOut: Int

    public init(heldOutUsers: Int, seed: UInt32 = 98765, heldOutShare: Double = 0.2, minEventsForHeldOut: Int = 5) {
        self.heldOutUsers = heldOutUsers
        self.seed = seed
        self.heldOutShare = heldOutShare
        self.minEventsForHeldOut = minEventsForHeldOut
    }

    /// A stable text of every parameter, for cache keys.
    public var cacheKey: String {
        "h=\(heldOutUsers);seed=\(seed);share=\(heldOutShare);min_n=\(minEventsForHeldOut)"
    }
}

/// The result of the vae_cf strong-generalisation protocol.
///
/// All matrices are binary with `itemIDs.count` columns (item index = order of first
/// appearance in the training users' rows). Rows follow the permuted user list:
/// - `train` row `r` is training user `trainUserIDs[r]` (global index `r`);
/// - `validationFoldIn` and `validationHeldOut` row `r` are the same user
///   `validationUserIDs[r]` (global index `trainUserCount + r`);
/// - `testFoldIn` and `testHeldOut` row `r` are user `testUserIDs[r]` (global index
///   `trainUserCount + h + r`).
/// A held-out user whose events all fell outside the item set has empty rows.
public struct StrongGeneralizationSplit: Sendable, Equatable {
    public var train: SparseMatrix
    public var validationFoldIn: SparseMatrix
    public var validationHeldOut: SparseMatrix
    public var testFoldIn: SparseMatrix
    public var testHeldOut: SparseMatrix
    /// Raw item ids in column order (`unique_sid`).
    public var itemIDs: [String]
    public var trainUserIDs: [String]
    public var validationUserIDs: [String]
    public var testUserIDs: [String]
    /// What the split did, with counts (after the preprocessing log).
    public var log: [String]

    public init(train: SparseMatrix, validationFoldIn: SparseMatrix, validationHeldOut: SparseMatrix,
                testFoldIn: SparseMatrix, testHeldOut: SparseMatrix, itemIDs: [String],
                trainUserIDs: [String], validationUserIDs: [String], testUserIDs: [String], log: [String]) {
        self.train = train
        self.validationFoldIn = validationFoldIn
        self.validationHeldOut = validationHeldOut
        self.testFoldIn = testFoldIn
        self.testHeldOut = testHeldOut
        self.itemIDs = itemIDs
        self.trainUserIDs = trainUserIDs
        self.validationUserIDs = validationUserIDs
        self.testUserIDs = testUserIDs
        self.log = log
    }

    public var itemCount: Int { itemIDs.count }
    public var trainUserCount: Int { trainUserIDs.count }

    /// Sizes of every part (users and events); events dropped by step 6 are in `log`.
    public struct Counts: Sendable, Equatable, CustomStringConvertible {
        public var items: Int
        public var trainUsers: Int, validationUsers: Int, testUsers: Int
        public var trainEvents: Int
        public var validationFoldInEvents: Int, validationHeldOutEvents: Int
        public var testFoldInEvents: Int, testHeldOutEvents: Int
        /// Held-out users with at least one target (the users a metric averages over).
        public var validationUsersWithTargets: Int, testUsersWithTargets: Int

        public var description: String {
            "\(trainUsers) training / \(validationUsers) validation / \(testUsers) test users, \(items) items; "
                + "events: train \(trainEvents), validation \(validationFoldInEvents) fold-in + \(validationHeldOutEvents) held-out, "
                + "test \(testFoldInEvents) fold-in + \(testHeldOutEvents) held-out; users with targets: "
                + "validation \(validationUsersWithTargets), test \(testUsersWithTargets)"
        }
    }

    public var counts: Counts {
        Counts(items: itemCount, trainUsers: trainUserCount, validationUsers: validationUserIDs.count, testUsers: testUserIDs.count,
               trainEvents: train.nonzeroCount, validationFoldInEvents: validationFoldIn.nonzeroCount,
               validationHeldOutEvents: validationHeldOut.nonzeroCount, testFoldInEvents: testFoldIn.nonzeroCount,
               testHeldOutEvents: testHeldOut.nonzeroCount, validationUsersWithTargets: validationUsersWithTargets,
               testUsersWithTargets: testUsersWithTargets)
    }

    /// Held-out users (validation or test) with at least one target.
    public var validationUsersWithTargets: Int { (0..<validationHeldOut.rows).filter { validationHeldOut.rowCount($0) > 0 }.count }
    public var testUsersWithTargets: Int { (0..<testHeldOut.rows).filter { testHeldOut.rowCount($0) > 0 }.count }

    /// Runs §1.2 steps 3–8 on a preprocessed (binary, filtered) table:
    /// 3. users sorted by ascending raw id (`RawIDOrder`), reordered by
    ///    `permutation(userCount)` of numpy's legacy RNG seeded `options.seed`;
    /// 4. the last `h` users are test users, the `h` before them validation users;
    /// 5. item index = order of first appearance in the training users' rows (file order);
    /// 6. held-out users' events on items outside that set are dropped (counted);
    /// 7. fold-in split for validation, then for test, each after reseeding: users in
    ///    ascending raw id, rows in file order; `n ≥ minEventsForHeldOut` → the positions
    ///    given by the first `floor(share·n)` entries of `permutation(n)` are held out;
    /// 8. rows in permuted order (global index = position in the permuted list).
    public static func make(from table: InteractionTable, options: StrongGeneralizationOptions) throws -> StrongGeneralizationSplit {
        let h = options.heldOutUsers
        guard h >= 0 else { throw DataError.invalidOption("held-out user count \(h) must be ≥ 0") }
        guard options.heldOutShare >= 0 && options.heldOutShare <= 1 else {
            throw DataError.invalidOption("held-out share \(options.heldOutShare) must be in [0, 1]")
        }
        guard table.count > 0 else { throw DataError.emptyDataset(step: "preprocessing (nothing to split)") }
        var log = table.log
        let (offsets, rowsOfUser) = table.rowsByUser()
        // Users present in the table (after preprocessing every interned user has rows).
        let present = (0..<table.userCount).filter { offsets[$0 + 1] > offsets[$0] }
        let presentIDs = present.map { table.userIDs[$0] }
        guard present.count > 2 * h else {
            throw DataError.notEnoughUsers(available: present.count, required: 2 * h + 1,
                                           detail: "\(h) validation + \(h) test users need at least one training user left")
        }
        // Step 3.
        let sorted = RawIDOrder.ascending(presentIDs).map { present[$0] }
        var rng = NumpyLegacyRandom(seed: options.seed)
        let permutation = rng.permutation(sorted.count)
        let permuted = permutation.map { sorted[$0] }
        log.append("permute users: \(permuted.count) users sorted by raw id (\(RawIDOrder.isNumeric(presentIDs) ? "numerically" : "lexicographically")), numpy permutation seeded \(options.seed)")
        // Step 4.
        let nTrain = permuted.count - 2 * h
        let trainUsers = Array(permuted[0..<nTrain])
        let validationUsers = Array(permuted[nTrain..<(nTrain + h)])
        let testUsers = Array(permuted[(nTrain + h)...])
        // Step 5: item set in order of first appearance in the training users' rows.
        var isTrainUser = [Bool](repeating: false, count: table.userCount)
        for u in trainUsers { isTrainUser[u] = true }
        var column = [Int32](repeating: -1, count: table.itemCount)
        var itemIDs: [String] = []
        for row in 0..<table.count where isTrainUser[Int(table.users[row])] {
            let i = Int(table.items[row])
            if column[i] < 0 { column[i] = Int32(itemIDs.count); itemIDs.append(table.itemIDs[i]) }
        }
        var trainBuilder = CSRBuilder(cols: itemIDs.count)
        for u in trainUsers {
            trainBuilder.appendRow(rowsOfUser[offsets[u]..<offsets[u + 1]].map { column[Int(table.items[Int($0)])] })
        }
        let train = trainBuilder.build()
        log.append("assign users: \(nTrain) training, \(h) validation, \(h) test users; item set \(itemIDs.count) items (of \(table.itemCount)); \(train.nonzeroCount) training events")
        // Steps 6–7 for validation, then test.
        var rank = [Int](repeating: 0, count: table.userCount)
        for (position, u) in sorted.enumerated() { rank[u] = position }
        func foldIn(_ users: [Int], name: String) -> (SparseMatrix, SparseMatrix) {
            var rowOf = [Int](repeating: -1, count: table.userCount)
            for (r, u) in users.enumerated() { rowOf[u] = r }
            var foldInRows = [[Int32]](repeating: [], count: users.count)
            var heldOutRows = [[Int32]](repeating: [], count: users.count)
            var dropped = 0, noTargets = 0, emptied = 0
            var rng = NumpyLegacyRandom(seed: options.seed)
            for u in users.sorted(by: { rank[$0] < rank[$1] }) {
                var cols: [Int32] = []
                for k in offsets[u]..<offsets[u + 1] {
                    let c = column[Int(table.items[Int(rowsOfUser[k])])]
                    if c >= 0 { cols.append(c) } else { dropped += 1 }
                }
                let n = cols.count
                let r = rowOf[u]
                if n == 0 { emptied += 1 }
                if n >= options.minEventsForHeldOut {
                    let k = Int(options.heldOutShare * Double(n))
                    var held = [Bool](repeating: false, count: n)
                    for p in rng.choiceWithoutReplacement(n, k) { held[p] = true }
                    for p in 0..<n { if held[p] { heldOutRows[r].append(cols[p]) } else { foldInRows[r].append(cols[p]) } }
                    if k == 0 { noTargets += 1 }
                } else {
                    foldInRows[r] = cols
                    noTargets += 1
                }
            }
            var a = CSRBuilder(cols: itemIDs.count), b = CSRBuilder(cols: itemIDs.count)
            for r in 0..<users.count { a.appendRow(foldInRows[r]); b.appendRow(heldOutRows[r]) }
            let (fi, ho) = (a.build(), b.build())
            log.append("\(name): dropped \(dropped) events on items outside the item set (\(emptied) users left with none); fold-in \(fi.nonzeroCount), held-out \(ho.nonzeroCount) events; \(noTargets) users have no held-out events (fewer than \(options.minEventsForHeldOut) events)")
            return (fi, ho)
        }
        let (vf, vh) = foldIn(validationUsers, name: "validation")
        let (tf, th) = foldIn(testUsers, name: "test")
        return StrongGeneralizationSplit(train: train, validationFoldIn: vf, validationHeldOut: vh, testFoldIn: tf, testHeldOut: th,
                                         itemIDs: itemIDs, trainUserIDs: trainUsers.map { table.userIDs[$0] },
                                         validationUserIDs: validationUsers.map { table.userIDs[$0] },
                                         testUserIDs: testUsers.map { table.userIDs[$0] }, log: log)
    }

    /// Fold-in / held-out sizes for a user with `n` restricted events (step 7).
    public static func foldInSizes(n: Int, options: StrongGeneralizationOptions) -> (foldIn: Int, heldOut: Int) {
        guard n >= options.minEventsForHeldOut else { return (n, 0) }
        let k = Int(options.heldOutShare * Double(n))
        return (n - k, k)
    }
}
