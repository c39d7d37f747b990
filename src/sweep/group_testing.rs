//! Adaptive group testing: find which candidate scope names a token endpoint rejects.
//!
//! [`GroupSearch`] keeps unclassified names in a pool (nothing known) and at most one suspect group
//! (holds a rejected name) and hands out one group at a time: pool groups open with a pair and grow,
//! under a Bayesian density estimate, up to a rejection risk set by slack; the suspect is split into
//! at most halves, or name by name at slack 0. Slack, n + 1 - queries - |pool| - |suspect|, is what
//! testing every remaining name alone would leave: it starts at 1, only a rejected group of two or
//! more names lowers it (by 1), and such groups go out only at slack >= 1, so no run exceeds n + 1.
//! Cost of strictness (n = 82, d = 3): mean 24.3 queries vs 20.0 with unlimited slack (the old n + 7
//! design: 25.8), mostly the ~d/n of runs whose opening pair and then its first name are rejected.

/// Beta prior on the rejection density: pseudo-counts of rejected and accepted names, tuned by
/// simulation for sparse rejections (prior mean 0.09).
const PRIOR_REJECTED: f64 = 1.4;
const PRIOR_ACCEPTED: f64 = 14.0;

/// Above this estimated density, pool names are tested one by one (pairs stop paying off near
/// 0.38, and single names never spend slack).
const HIGH_DENSITY: f64 = 0.35;

/// Largest predicted rejection probability of a pool group at slack 2, 3, 4 and 5 or more
/// (slack 1 allows only a pair, slack 0 only a single name). Tuned by simulation against an
/// exact dynamic program for a known density, whose policy has much the same shape.
const POOL_RISK: [f64; 4] = [0.12, 0.36, 0.42, 0.58];

/// Largest probability that a part of the suspect group holds a rejected name, at slack 1, 2, 3
/// and 4 or more (slack 0 allows only a single name).
const SUSPECT_RISK: [f64; 4] = [0.13, 0.25, 0.35, 0.58];

/// A pool group this close to the whole pool becomes the whole pool.
const TAKE_ALL: f64 = 0.8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Unknown,
    Accepted,
    Rejected,
}

/// Where the pending group came from, which decides what its answer teaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    /// Names with no information yet.
    Pool,
    /// Part of the group known to hold at least one rejected name.
    Suspect,
}

/// Adaptive search for the rejected members of a candidate set.
///
/// Invariant (the n + 1 guarantee): `queries + pool.len() + suspect.len() <= n + 1`, and a
/// group of two or more names is handed out only while that sum is at most `n`.
#[derive(Clone, Debug)]
pub struct GroupSearch {
    status: Vec<Status>,
    /// Unclassified names about which nothing is known, ascending.
    pool: Vec<usize>,
    /// Unclassified names known to hold at least one rejected name, ascending; never one name.
    /// Pool and suspect together are exactly the unclassified names.
    suspect: Vec<usize>,
    pending: Option<(Source, Vec<usize>)>,
    queries: usize,
    accepted_count: usize,
    rejected_count: usize,
}

/// Beta(a, b) belief about the rejection density p, from the names classified so far.
///
/// Names are treated as rejected independently with probability p. The answers so far have
/// likelihood p^rejected (1 - p)^accepted times P(the suspect holds a rejected name): every
/// earlier "holds one" fact is implied by the current suspect's. So the posterior is this Beta
/// times 1 - (1 - p)^|suspect|, and everything the search asks of it reduces to the ratios
/// B(a, b + m) / B(a, b) = E[(1 - p)^m], the chance that m fresh names are all accepted.
struct Belief {
    a: f64,
    b: f64,
}

impl Belief {
    /// E[(1 - p)^m] for m = 0, 1, 2, ...: one factor (b + i) / (a + b + i) per name.
    fn all_accepted(&self) -> impl Iterator<Item = f64> {
        let (a, b) = (self.a, self.b);
        (0..).scan(1.0, move |chance: &mut f64, i: usize| {
            let current = *chance;
            *chance *= (b + i as f64) / (a + b + i as f64);
            Some(current)
        })
    }

    fn mean(&self) -> f64 {
        self.a / (self.a + self.b)
    }
}

impl GroupSearch {
    /// A search over candidates `0..n`.
    pub fn new(n: usize) -> GroupSearch {
        GroupSearch {
            status: vec![Status::Unknown; n],
            pool: (0..n).collect(),
            suspect: Vec::new(),
            pending: None,
            queries: 0,
            accepted_count: 0,
            rejected_count: 0,
        }
    }

    /// The next group to test (indices into the candidates, sorted ascending, never empty), or None when done.
    /// Calling it twice without `record` returns the same group.
    pub fn next_query(&mut self) -> Option<Vec<usize>> {
        if let Some((_, group)) = &self.pending {
            return Some(group.clone());
        }
        if self.is_done() {
            return None;
        }
        let (source, group) = if !self.suspect.is_empty() {
            let size = self.suspect_part_size();
            (Source::Suspect, self.suspect[..size].to_vec())
        } else {
            let size = self.pool_group_size();
            (Source::Pool, self.pool[..size].to_vec())
        };
        // The guarantee: only a single name may be tested without slack to lose.
        debug_assert!(group.len() == 1 || self.slack() >= 1);
        if group.is_empty() {
            // Unreachable while the invariants hold; refusing beats handing out an empty group.
            return None;
        }
        self.pending = Some((source, group.clone()));
        Some(group)
    }

    /// Records the answer to the group last returned by `next_query`: true = accepted as a whole.
    /// Recording without a pending query is ignored.
    ///
    /// Why slack never goes negative: each answer adds one query, and |pool| + |suspect| falls by
    /// k for an accepted group of k (slack +k - 1), by one more when a suspect is left with a
    /// single, inferred name (+1), by one for a rejected single name (0: the rest of the suspect
    /// returns to the pool), and not at all for a rejected group of k >= 2, which becomes the
    /// suspect (-1). `next_query` hands out such groups only at slack >= 1.
    pub fn record(&mut self, accepted: bool) {
        let Some((source, group)) = self.pending.take() else {
            return;
        };
        self.queries += 1;
        if accepted {
            for &index in &group {
                self.mark(index, Status::Accepted);
            }
            match source {
                Source::Suspect => self.suspect.retain(|&i| self.status[i] == Status::Unknown),
                Source::Pool => self.pool.retain(|&i| self.status[i] == Status::Unknown),
            }
        } else {
            match source {
                Source::Pool => {
                    self.pool.retain(|i| group.binary_search(i).is_err());
                    self.suspect = group;
                }
                Source::Suspect => {
                    // The rejection is explained inside the tested part, so the rest of the
                    // old suspect carries no information any more.
                    let rest = self.suspect.split_off(group.len());
                    self.pool.extend(rest);
                    self.pool.sort_unstable();
                    self.suspect = group;
                }
            }
        }
        if let [last] = self.suspect[..] {
            self.mark(last, Status::Rejected);
            self.suspect.clear();
        }
        debug_assert!(self.queries + self.pool.len() + self.suspect.len() <= self.status.len() + 1);
    }

    /// Queries recorded so far.
    pub fn queries(&self) -> usize {
        self.queries
    }

    /// Whether every candidate is classified.
    pub fn is_done(&self) -> bool {
        self.unknown() == 0
    }

    /// Indices classified as rejected so far (sorted).
    pub fn rejected(&self) -> Vec<usize> {
        self.indices_with(Status::Rejected)
    }

    /// Indices classified as accepted so far (sorted).
    pub fn accepted(&self) -> Vec<usize> {
        self.indices_with(Status::Accepted)
    }

    fn indices_with(&self, wanted: Status) -> Vec<usize> {
        (0..self.status.len())
            .filter(|&i| self.status[i] == wanted)
            .collect()
    }

    fn mark(&mut self, index: usize, status: Status) {
        if self.status[index] != Status::Unknown {
            return;
        }
        self.status[index] = status;
        match status {
            Status::Accepted => self.accepted_count += 1,
            Status::Rejected => self.rejected_count += 1,
            Status::Unknown => {}
        }
    }

    fn unknown(&self) -> usize {
        self.status.len() - self.accepted_count - self.rejected_count
    }

    /// n + 1 - queries - |pool| - |suspect|: queries to spare if every unclassified name were
    /// tested alone from now on (the last suspect name may even be inferred).
    fn slack(&self) -> usize {
        let committed = self.queries + self.pool.len() + self.suspect.len();
        (self.status.len() + 1).saturating_sub(committed)
    }

    fn belief(&self) -> Belief {
        Belief {
            a: self.rejected_count as f64 + PRIOR_REJECTED,
            b: self.accepted_count as f64 + PRIOR_ACCEPTED,
        }
    }

    /// Size of the next pool group (the suspect is empty, so the Beta is the whole posterior).
    fn pool_group_size(&self) -> usize {
        let slack = self.slack();
        let available = self.pool.len();
        if slack == 0 || available < 2 {
            return 1;
        }
        let belief = self.belief();
        if belief.mean() > HIGH_DENSITY {
            return 1;
        }
        if slack == 1 {
            // A rejected pair spends the only slack; it is won back when the pair's first name is
            // accepted and the second inferred, about half the time.
            return 2;
        }
        let limit = POOL_RISK[(slack - 2).min(POOL_RISK.len() - 1)];
        // Largest size whose rejection chance 1 - E[(1 - p)^size] stays within the limit.
        let size = belief
            .all_accepted()
            .take(available + 1)
            .take_while(|&accepted| 1.0 - accepted <= limit)
            .count()
            .saturating_sub(1)
            .max(2);
        if size as f64 >= TAKE_ALL * available as f64 {
            available
        } else {
            size
        }
    }

    /// Size of the next part of the suspect (its first names), at most half of it.
    fn suspect_part_size(&self) -> usize {
        let slack = self.slack();
        let whole = self.suspect.len();
        let half = whole / 2;
        if slack == 0 || half < 2 {
            return 1;
        }
        let limit = SUSPECT_RISK[(slack - 1).min(SUSPECT_RISK.len() - 1)];
        // P(part rejected | suspect holds one) = (1 - E[(1 - p)^part]) / (1 - E[(1 - p)^whole]).
        let accepted: Vec<f64> = self.belief().all_accepted().take(whole + 1).collect();
        let holds_one = 1.0 - accepted[whole];
        (2..=half)
            .take_while(|&part| 1.0 - accepted[part] <= limit * holds_one)
            .last()
            .unwrap_or(1)
    }
}

/// ceil(log2(C(n, d))): the fewest queries any adaptive strategy needs in the worst case to find d rejected among n.
pub fn information_bound(n: usize, d: usize) -> u32 {
    if d > n {
        return 0;
    }
    let d = d.min(n - d);
    let bits: f64 = (0..d)
        .map(|i| ((n - i) as f64 / (i + 1) as f64).log2())
        .sum();
    // The sum of rounded logs can land a hair above an exact power of two.
    (bits - 1e-9).ceil().max(0.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::seq::index::sample;
    use rand::{Rng, SeedableRng};

    /// The strict guarantee.
    fn worst_case(n: usize) -> usize {
        if n == 0 { 0 } else { n + 1 }
    }

    /// The bookkeeping the guarantee rests on, checked against the true rejected set.
    fn assert_invariant(search: &GroupSearch, rejected: &[bool]) {
        let n = search.status.len();
        let ascending = |names: &[usize]| names.windows(2).all(|w| w[0] < w[1]);
        assert!(ascending(&search.pool) && ascending(&search.suspect));
        let mut unclassified: Vec<usize> =
            search.pool.iter().chain(&search.suspect).copied().collect();
        unclassified.sort_unstable();
        assert_eq!(unclassified, search.indices_with(Status::Unknown));
        assert_ne!(search.suspect.len(), 1, "a lone suspect must be classified");
        if !search.suspect.is_empty() {
            assert!(
                search.suspect.iter().any(|&i| rejected[i]),
                "suspect without a rejected name"
            );
        }
        for (i, status) in search.status.iter().enumerate() {
            match status {
                Status::Accepted => assert!(!rejected[i], "{i} wrongly accepted"),
                Status::Rejected => assert!(rejected[i], "{i} wrongly rejected"),
                Status::Unknown => {}
            }
        }
        let committed = search.queries + search.pool.len() + search.suspect.len();
        assert!(
            committed <= n + 1,
            "slack invariant broken: {committed} > {}",
            n + 1
        );
        if let Some((_, group)) = &search.pending {
            assert!(
                group.len() == 1 || committed <= n,
                "group of {} without slack",
                group.len()
            );
        }
    }

    /// Runs a search against a fixed rejected set, checking the protocol on every step and,
    /// if asked, the invariant too.
    fn run(n: usize, rejected: &[bool], check_invariant: bool) -> GroupSearch {
        let mut search = GroupSearch::new(n);
        while let Some(group) = search.next_query() {
            assert_eq!(search.next_query().as_ref(), Some(&group));
            assert!(!group.is_empty());
            assert!(group.windows(2).all(|w| w[0] < w[1]));
            assert!(
                group
                    .iter()
                    .all(|&i| i < n && search.status[i] == Status::Unknown)
            );
            if check_invariant {
                assert_invariant(&search, rejected);
            }
            search.record(group.iter().all(|&i| !rejected[i]));
            if check_invariant {
                assert_invariant(&search, rejected);
            }
            assert!(search.queries() <= worst_case(n), "runaway search");
        }
        assert!(search.is_done());
        search
    }

    /// Queries needed for one rejected set, after checking the answer is exact and within n + 1.
    fn check(n: usize, rejected: &[bool], check_invariant: bool) -> usize {
        let search = run(n, rejected, check_invariant);
        let expected: Vec<usize> = (0..n).filter(|&i| rejected[i]).collect();
        let complement: Vec<usize> = (0..n).filter(|&i| !rejected[i]).collect();
        assert_eq!(search.rejected(), expected);
        assert_eq!(search.accepted(), complement);
        let queries = search.queries();
        assert!(
            queries <= worst_case(n),
            "n={n} rejected={expected:?}: {queries}"
        );
        queries
    }

    /// Exactly d rejected among n, placed uniformly.
    fn random_set(rng: &mut StdRng, n: usize, d: usize) -> Vec<bool> {
        let mut rejected = vec![false; n];
        for i in sample(rng, n, d) {
            rejected[i] = true;
        }
        rejected
    }

    /// Each of n rejected independently with probability p.
    fn bernoulli_set(rng: &mut StdRng, n: usize, p: f64) -> Vec<bool> {
        (0..n).map(|_| rng.random_bool(p)).collect()
    }

    /// Sorted query counts over `trials` random placements of d rejected among n.
    fn measure(rng: &mut StdRng, n: usize, d: usize, trials: usize) -> Vec<usize> {
        let mut runs: Vec<usize> = (0..trials)
            .map(|_| check(n, &random_set(rng, n, d), false))
            .collect();
        runs.sort_unstable();
        runs
    }

    fn mean(runs: &[usize]) -> f64 {
        runs.iter().sum::<usize>() as f64 / runs.len() as f64
    }

    #[test]
    fn every_subset_up_to_ten_is_found_within_n_plus_one() {
        for n in 0..=10usize {
            for mask in 0u32..(1 << n) {
                let rejected: Vec<bool> = (0..n).map(|i| mask >> i & 1 == 1).collect();
                check(n, &rejected, true);
            }
        }
    }

    #[test]
    fn random_sets_of_every_size_are_found_within_n_plus_one() {
        let mut rng = StdRng::seed_from_u64(0x5c09e);
        for _ in 0..2000 {
            let n = rng.random_range(1..=200);
            let d = rng.random_range(0..=n);
            check(n, &random_set(&mut rng, n, d), false);
        }
    }

    #[test]
    fn independent_rejections_at_every_density_are_found_within_n_plus_one() {
        let mut rng = StdRng::seed_from_u64(0xbe7a);
        for p in [0.05, 0.2, 0.5, 0.8, 0.95] {
            for _ in 0..400 {
                let n = rng.random_range(1..=200);
                check(n, &bernoulli_set(&mut rng, n, p), false);
            }
        }
    }

    #[test]
    fn slack_invariant_holds_after_every_step() {
        let mut rng = StdRng::seed_from_u64(0x51ac);
        for round in 0..300 {
            let n = rng.random_range(1..=120);
            let rejected = if round % 2 == 0 {
                let d = rng.random_range(0..=n);
                random_set(&mut rng, n, d)
            } else {
                let p = [0.01, 0.05, 0.2, 0.5, 0.8, 0.95][round / 2 % 6];
                bernoulli_set(&mut rng, n, p)
            };
            check(n, &rejected, true);
        }
    }

    #[test]
    fn adversarial_sets_stay_within_n_plus_one() {
        for n in 1..=150 {
            let patterns: [&dyn Fn(usize) -> bool; 5] = [
                &|_| true,
                &|i| i < 2,
                &|i| i % 2 == 0,
                &|i| i % 3 != 1,
                &|i| i + 1 == n,
            ];
            for pattern in patterns {
                let rejected: Vec<bool> = (0..n).map(pattern).collect();
                check(n, &rejected, false);
            }
        }
    }

    /// A state 1,000 names deep into a very sparse run: 900 accepted, the last 100 unclassified,
    /// `suspect` of them in the suspect group, and as many queries made as leave `slack`.
    fn sparse_state(suspect: usize, slack: usize) -> GroupSearch {
        let mut search = GroupSearch::new(1_000);
        for i in 0..900 {
            search.mark(i, Status::Accepted);
        }
        search.pool = (900 + suspect..1_000).collect();
        search.suspect = (900..900 + suspect).collect();
        search.queries = 1_001 - 100 - slack;
        assert_eq!(search.slack(), slack);
        search
    }

    #[test]
    fn no_group_is_risked_without_slack() {
        // However confident the estimate, slack 0 allows single names only ...
        for suspect in [0, 2, 3, 10, 60, 100] {
            let group = sparse_state(suspect, 0).next_query().unwrap();
            assert_eq!(group.len(), 1, "suspect of {suspect}");
        }
        // ... and slack 1 a pool pair or a small part of the suspect, never a half.
        assert_eq!(sparse_state(0, 1).next_query().unwrap().len(), 2);
        let part = sparse_state(60, 1).next_query().unwrap().len();
        assert!((1..=10).contains(&part), "part of {part}");
        // With slack to spare, the same state risks big groups.
        assert!(sparse_state(0, 9).next_query().unwrap().len() >= 50);
        assert_eq!(sparse_state(60, 9).next_query().unwrap().len(), 30);
    }

    #[test]
    fn goals_on_82_candidates() {
        let mut rng = StdRng::seed_from_u64(82);
        let sparse = measure(&mut rng, 82, 3, 1000);
        assert!(mean(&sparse) <= 26.0, "d=3 mean {}", mean(&sparse));
        let dense = measure(&mut rng, 82, 77, 200);
        assert!(dense.iter().all(|&q| q <= 83), "d=77");
        let all = measure(&mut rng, 82, 82, 20);
        assert!(all.iter().all(|&q| q == 83), "d=82");
    }

    #[test]
    fn no_rejected_name_costs_a_few_queries() {
        // Groups grow geometrically from a pair: about log2(n) queries, 6 for n = 82.
        for n in (1..=300).chain([1_000, 5_000]) {
            let queries = check(n, &vec![false; n], false);
            let bits = (usize::BITS - n.leading_zeros()) as usize;
            assert!(queries <= 1 + bits, "n={n}: {queries}");
        }
        assert_eq!(check(82, &[false; 82], false), 6);
    }

    #[test]
    fn empty_candidate_set_needs_no_query() {
        let mut search = GroupSearch::new(0);
        assert!(search.is_done());
        assert_eq!(search.next_query(), None);
        assert_eq!(search.queries(), 0);
        assert!(search.rejected().is_empty() && search.accepted().is_empty());
    }

    #[test]
    fn record_without_a_pending_query_is_ignored() {
        let mut search = GroupSearch::new(5);
        search.record(false);
        assert_eq!(search.queries(), 0);
        assert_eq!(search.next_query(), Some(vec![0, 1]));
        search.record(true);
        search.record(false);
        assert_eq!(search.queries(), 1);
        assert_eq!(search.accepted(), vec![0, 1]);
        assert!(search.rejected().is_empty());
        let next = search.next_query().expect("three names left");
        assert!(next.iter().all(|&i| i >= 2));
    }

    fn exact_bound(n: usize, d: usize) -> u32 {
        let mut binomial: u128 = 1;
        for i in 0..d as u128 {
            binomial = binomial * (n as u128 - i) / (i + 1);
        }
        if binomial <= 1 {
            0
        } else {
            128 - (binomial - 1).leading_zeros()
        }
    }

    #[test]
    fn information_bound_matches_exact_binomials() {
        assert_eq!(information_bound(82, 3), 17);
        assert_eq!(information_bound(82, 0), 0);
        assert_eq!(information_bound(82, 82), 0);
        assert_eq!(information_bound(82, 83), 0);
        assert_eq!(information_bound(4, 1), 2);
        assert_eq!(information_bound(4, 2), 3);
        assert_eq!(information_bound(2, 1), 1);
        for n in 0..=100 {
            for d in 0..=n {
                assert_eq!(information_bound(n, d), exact_bound(n, d), "n={n} d={d}");
            }
        }
        assert!(information_bound(10_000, 5_000) > 9_990);
        assert_eq!(information_bound(10_000, 1), 14);
    }
}
