//! Tests of spectra: dense summaries and histograms, Gram-matrix Gauss–Newton spectra, power iteration, Lanczos and stochastic Lanczos quadrature against exact eigenvalues.

use super::tests_derivatives::poisson_loss;
use super::*;

fn setup() -> (Network, PinnLoss, DenseMatrix, Vec<f64>) {
    let net = Network::glorot(&NetworkSpec::new(1, &[8, 8]), 13).unwrap();
    let loss = poisson_loss(20);
    let h = loss_hessians(&net, &loss, 1.0).unwrap().total();
    let vals = symmetric_eigenvalues(h.as_faer()).unwrap();
    (net, loss, h, vals)
}

#[test]
fn spectrum_summary_and_histogram_are_consistent() {
    let (_, _, h, vals) = setup();
    assert!(vals.windows(2).all(|w| w[0] <= w[1]));
    let trace: f64 = (0..h.nrows).map(|i| h.get(i, i)).sum();
    let s = Spectrum::from_eigenvalues(&vals, &SpectrumOptions::default()).unwrap();
    assert!((s.trace - trace).abs() <= 1e-10 * trace.abs());
    assert_eq!(s.lambda_max, *vals.last().unwrap());
    assert_eq!(s.lambda_min, vals[0]);
    assert_eq!(
        s.count_above,
        vals.iter().filter(|&&v| v > 1e-3 * s.lambda_max).count()
    );
    let hist = &s.histogram;
    let mass =
        hist.near_zero + hist.positive.iter().sum::<f64>() + hist.negative.iter().sum::<f64>();
    assert!((mass - 1.0).abs() < 1e-12);
    assert_eq!(hist.edges.len(), DEFAULT_HISTOGRAM_BINS + 1);
    assert!(hist.edges.windows(2).all(|w| w[0] < w[1]));
    let top = hist.positive.last().unwrap() + hist.negative.last().unwrap();
    assert!(
        top >= 1.0 / vals.len() as f64 - 1e-15,
        "largest |λ| lands in the last bin"
    );
    assert!(Spectrum::from_eigenvalues(&[], &SpectrumOptions::default()).is_err());
}

#[test]
fn gauss_newton_spectrum_from_the_gram_matrix_equals_the_dense_one() {
    let (net, loss, _, _) = setup();
    for term in [&loss.pde, &loss.bc] {
        let hp = term_hessian(&net, term).unwrap();
        let fast = gram_spectrum(&hp.jacobian_t, 2.0 / term.len() as f64).unwrap();
        let dense = symmetric_eigenvalues(hp.gauss_newton.as_faer()).unwrap();
        let scale = dense.last().unwrap().abs();
        for (a, b) in fast.iter().zip(&dense) {
            assert!((a - b).abs() <= 1e-12 * scale, "{a} vs {b}");
        }
    }
}

#[test]
fn power_iteration_and_lanczos_find_the_exact_extremes() {
    let (net, loss, _, vals) = setup();
    let (lmin, lmax) = (vals[0], *vals.last().unwrap());
    assert!(
        lmax > lmin.abs(),
        "λ_max dominates: {lmin} {lmax} {:?}",
        &vals[vals.len() - 4..]
    );
    let p = net.params().len();
    let op = |v: &[f64]| loss_hvp(&net, &loss, 1.0, v);
    let pi = power_iteration(p, op, 3, 20_000, 1e-14).unwrap();
    assert!(pi.converged);
    assert!(
        (pi.eigenvalue - lmax).abs() <= 1e-6 * lmax,
        "{} vs {lmax}",
        pi.eigenvalue
    );
    let (lo, hi) = lanczos_extremes(p, op, p, 4).unwrap();
    assert!((hi - lmax).abs() <= 1e-9 * lmax);
    assert!((lo - lmin).abs() <= 1e-9 * lmax);
    assert!(power_iteration(0, op, 1, 10, 1e-9).is_err());
}

#[test]
fn slq_density_matches_the_exact_spectrum_roughly() {
    let (net, loss, h, vals) = setup();
    let p = net.params().len();
    let spec = SlqSpec {
        probes: 30,
        steps: 40,
        seed: 17,
    };
    let slq = stochastic_lanczos_quadrature(p, |v| loss_hvp(&net, &loss, 1.0, v), &spec).unwrap();
    assert!((slq.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    // First moment = Hutchinson trace estimate: within 5 standard deviations,
    // var = 2 Σ_{i≠j} H_ij² / (n_v p²).
    let off: f64 = (0..p)
        .flat_map(|j| (0..p).filter(move |&i| i != j).map(move |i| (i, j)))
        .map(|(i, j)| h.get(i, j).powi(2))
        .sum();
    let sd = (2.0 * off / spec.probes as f64).sqrt() / p as f64;
    let m1 = vals.iter().sum::<f64>() / p as f64;
    assert!(
        (slq.moment(1) - m1).abs() <= 5.0 * sd,
        "{} vs {m1} (sd {sd})",
        slq.moment(1)
    );
    // Extremes: the Ritz values bracket the exact spectrum closely.
    let lmax = *vals.last().unwrap();
    assert!((slq.max_node() - lmax).abs() <= 1e-6 * lmax);
    // CDF at a few points between exact eigenvalues.
    for frac in [0.1, 0.3, 0.5, 0.7, 0.9] {
        let idx = (frac * p as f64) as usize;
        let t = 0.5 * (vals[idx] + vals[idx + 1]);
        let exact = (idx + 1) as f64 / p as f64;
        let est = slq.cdf(t);
        assert!((est - exact).abs() <= 0.2, "cdf({t}) {est} vs {exact}");
    }
    // Same binning as the exact spectrum: mass conserved.
    let s = Spectrum::from_eigenvalues(&vals, &SpectrumOptions::default()).unwrap();
    let hs = slq.histogram(s.histogram.floor, &s.histogram.edges);
    let mass = hs.near_zero + hs.positive.iter().sum::<f64>() + hs.negative.iter().sum::<f64>();
    assert!((mass - 1.0).abs() < 1e-12);
}
