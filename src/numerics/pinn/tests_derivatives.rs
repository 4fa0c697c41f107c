//! Tests of exact derivatives: input derivatives, gradients, Hessian-vector products and dense Hessians against finite differences and against each other.

use super::hessian::network_weighted_hessian;
use super::*;
use crate::numerics::rng::Rng;

/// A Glorot network with all parameters (biases included) perturbed.
pub(crate) fn perturbed_net(widths: &[usize], seed: u64) -> Network {
    let mut net = Network::glorot(
        &NetworkSpec {
            widths: widths.to_vec(),
        },
        seed,
    )
    .unwrap();
    let mut rng = Rng::seeded(seed ^ 0xabc);
    for t in net.params_mut() {
        *t += 0.2 * rng.normal();
    }
    net
}

pub(crate) fn poisson_loss(n: usize) -> PinnLoss {
    PoissonProblem::new(1.5, n).loss().unwrap()
}

pub(crate) fn helmholtz_loss() -> PinnLoss {
    HelmholtzProblem::paper(4, 3).loss().unwrap()
}

/// Fourth-order central difference of a vector function along coordinate `j`.
fn fd4(theta: &[f64], j: usize, h: f64, f: &dyn Fn(&[f64]) -> Vec<f64>) -> Vec<f64> {
    let at = |d: f64| {
        let mut t = theta.to_vec();
        t[j] += d;
        f(&t)
    };
    let (a, b, c, e) = (at(2.0 * h), at(h), at(-h), at(-2.0 * h));
    (0..a.len())
        .map(|i| (-a[i] + 8.0 * b[i] - 8.0 * c[i] + e[i]) / (12.0 * h))
        .collect()
}

fn rel_err(a: &[f64], b: &[f64]) -> f64 {
    let num: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - y).powi(2))
        .sum::<f64>()
        .sqrt();
    let den: f64 = b.iter().map(|y| y * y).sum::<f64>().sqrt();
    num / den.max(1e-300)
}

fn with_params(net: &Network, t: &[f64]) -> Network {
    Network::from_params(&net.spec(), t.to_vec()).unwrap()
}

#[test]
fn input_derivatives_match_finite_differences_in_1d_and_2d() {
    for (widths, pts) in [
        (
            vec![1, 6, 5, 1],
            Points::new(1, vec![-0.7, 0.1, 0.55]).unwrap(),
        ),
        (
            vec![2, 5, 4, 1],
            Points::new(2, vec![-0.3, 0.8, 0.6, -0.1]).unwrap(),
        ),
    ] {
        let net = perturbed_net(&widths, 3);
        let d = pts.dim;
        let exact = net.input_derivatives(&pts);
        let u_at = |x: &[f64]| {
            net.operator_values(&Points::new(d, x.to_vec()).unwrap(), Operator::VALUE)[0]
        };
        for (i, ex) in exact.iter().enumerate() {
            let x = pts.point(i);
            assert!((ex.u - u_at(x)).abs() < 1e-14);
            let h = 1e-3;
            let mut lap = 0.0;
            for j in 0..d {
                let g = fd4(x, j, h, &|y| vec![u_at(y)])[0];
                assert!((g - ex.grad[j]).abs() < 1e-9, "grad {g} vs {}", ex.grad[j]);
                let second = fd4(x, j, h, &|y| {
                    let idx = net.input_derivatives(&Points::new(d, y.to_vec()).unwrap());
                    vec![idx[0].grad[j]]
                })[0];
                lap += second;
            }
            assert!(
                (lap - ex.laplacian).abs() < 1e-8,
                "lap {lap} vs {}",
                ex.laplacian
            );
        }
    }
}

#[test]
fn gradients_match_finite_differences_of_the_loss() {
    for (widths, loss) in [
        (vec![1, 5, 4, 1], poisson_loss(7)),
        (vec![2, 4, 3, 1], helmholtz_loss()),
    ] {
        let net = perturbed_net(&widths, 11);
        for term in [&loss.pde, &loss.bc] {
            let (_, g) = term_gradient(&net, term).unwrap();
            let f = |t: &[f64]| vec![term_loss(&with_params(&net, t), term).unwrap().0];
            let fd: Vec<f64> = (0..g.len())
                .map(|j| fd4(net.params(), j, 1e-4, &f)[0])
                .collect();
            let e = rel_err(&g, &fd);
            assert!(e < 1e-8, "gradient rel err {e}");
        }
    }
}

#[test]
fn hessians_match_finite_differences_of_the_exact_gradient_and_hvps() {
    for (widths, loss) in [
        (vec![1, 5, 4, 1], poisson_loss(7)),
        (vec![2, 4, 3, 1], helmholtz_loss()),
    ] {
        let net = perturbed_net(&widths, 5);
        let p = net.params().len();
        for term in [&loss.pde, &loss.bc] {
            let hp = term_hessian(&net, term).unwrap();
            let f = |t: &[f64]| term_gradient(&with_params(&net, t), term).unwrap().1;
            let mut fd = Vec::with_capacity(p * p);
            for j in 0..p {
                fd.extend(fd4(net.params(), j, 1e-4, &f));
            }
            let e = rel_err(&hp.total.data, &fd);
            assert!(e < 1e-6, "Hessian vs FD rel err {e}");
            // Columns by forward-over-reverse HVPs agree to rounding.
            let mut rng = Rng::seeded(9);
            let v: Vec<f64> = (0..p).map(|_| rng.normal()).collect();
            let hv = term_hvp(&net, term, &v).unwrap();
            let dense = hp.total.matvec(&v);
            assert!(
                rel_err(&hv, &dense) < 1e-12,
                "hvp vs dense {}",
                rel_err(&hv, &dense)
            );
            // Gauss–Newton + curvature split.
            let sum = hp.gauss_newton.add_scaled(&hp.curvature, 1.0);
            assert!(rel_err(&sum.data, &hp.total.data) < 1e-15);
            assert_eq!(hp.total.max_asymmetry(), 0.0);
        }
    }
}

#[test]
fn unsymmetrised_curvature_blocks_are_symmetric_to_rounding_and_match_hvp_columns() {
    for widths in [
        vec![2, 6, 5, 1],
        vec![2, 4, 3, 5, 1],
        vec![2, 3, 4, 2, 3, 1],
        vec![2, 1],
    ] {
        let net = perturbed_net(&widths, 8);
        let loss = helmholtz_loss();
        let c: Vec<f64> = (0..loss.pde.len())
            .map(|i| (i as f64 * 0.37).sin())
            .collect();
        let raw = network_weighted_hessian(&net, &loss.pde.points, loss.pde.op, &c, false);
        let asym = raw.max_asymmetry();
        assert!(
            asym <= 1e-13 * raw.max_abs(),
            "asymmetry {asym} vs {}",
            raw.max_abs()
        );
        let generic = {
            // The trait's default: one HVP per column.
            let p = net.params().len();
            let mut h = DenseMatrix::zeros(p, p);
            for j in 0..p {
                let mut e = vec![0.0; p];
                e[j] = 1.0;
                let col = net.operator_hvp(&loss.pde.points, loss.pde.op, &c, 0.0, &e);
                h.data[j * p..(j + 1) * p].copy_from_slice(&col);
            }
            h
        };
        assert!(rel_err(&raw.data, &generic.data) < 1e-12, "{widths:?}");
    }
}

#[test]
fn linear_sine_model_has_the_closed_form_pde_hessian_and_low_rank_bc_hessian() {
    let m = 6;
    let loss = poisson_loss(9);
    for seed in [1, 2] {
        let mut rng = Rng::seeded(seed);
        let model = SineSeries::new((0..m).map(|_| rng.normal()).collect()).unwrap();
        let hp = term_hessian(&model, &loss.pde).unwrap();
        let n = loss.pde.len();
        let mut expect = DenseMatrix::zeros(m, m);
        for i in 0..n {
            let x = loss.pde.points.point(i)[0];
            let phi: Vec<f64> = (1..=m)
                .map(|k| {
                    let w = k as f64 * std::f64::consts::PI;
                    w * w * (w * x).sin()
                })
                .collect();
            for a in 0..m {
                for b in 0..m {
                    expect.data[b * m + a] += 2.0 / n as f64 * phi[a] * phi[b];
                }
            }
        }
        assert!(rel_err(&hp.total.data, &expect.data) < 1e-13);
        let hb = term_hessian(&model, &loss.bc).unwrap();
        let vals = symmetric_eigenvalues(hb.total.as_faer()).unwrap();
        let big = vals
            .iter()
            .filter(|v| v.abs() > 1e-10 * vals[m - 1].abs().max(1.0))
            .count();
        assert!(big <= loss.bc.len(), "rank {big}");
    }
    // The network's Gauss–Newton BC part has rank ≤ N_b too.
    let net = perturbed_net(&[1, 6, 6, 1], 4);
    let hb = term_hessian(&net, &loss.bc).unwrap();
    let vals = symmetric_eigenvalues(hb.gauss_newton.as_faer()).unwrap();
    let top = vals.last().unwrap().abs();
    assert!(vals.iter().filter(|v| v.abs() > 1e-10 * top).count() <= loss.bc.len());
}

#[test]
fn results_are_bitwise_identical_across_thread_counts() {
    let net = perturbed_net(&[1, 16, 16, 1], 21);
    let loss = poisson_loss(40);
    let compute = || {
        let h = loss_hessians(&net, &loss, 1.0).unwrap();
        let ev = symmetric_eigenvalues(h.pde.total.as_faer()).unwrap();
        let gn = gram_spectrum(&h.pde.jacobian_t, 2.0 / 40.0).unwrap();
        (h.pde.total.data.clone(), h.bc.total.data.clone(), ev, gn)
    };
    let pool = |n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
    };
    let one = pool(1).install(compute);
    let two = pool(2).install(compute);
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&one.0), bits(&two.0));
    assert_eq!(bits(&one.1), bits(&two.1));
    assert_eq!(bits(&one.2), bits(&two.2));
    assert_eq!(bits(&one.3), bits(&two.3));
    // A whole snapshot (dense and low-rank spectra, export) serialises identically.
    let problem = PoissonProblem::new(1.5, 40);
    let snap = || {
        let s = snapshot(
            &net,
            &problem,
            &loss,
            1.0,
            0,
            21,
            &SpectraOptions::default(),
        )
        .unwrap();
        serde_json::to_string(&s).unwrap()
    };
    assert_eq!(pool(1).install(snap), pool(2).install(snap));
}

#[test]
fn bad_parameters_are_errors_not_panics() {
    assert!(Network::glorot(&NetworkSpec { widths: vec![] }, 1).is_err());
    assert!(Network::glorot(
        &NetworkSpec {
            widths: vec![1, 0, 1]
        },
        1
    )
    .is_err());
    assert!(Network::glorot(
        &NetworkSpec {
            widths: vec![1, 3, 2]
        },
        1
    )
    .is_err());
    assert!(PoissonProblem::new(1.0, 0).loss().is_err());
    assert!(HelmholtzProblem::paper(0, 3).loss().is_err());
    assert!(HelmholtzProblem::paper(3, 0).loss().is_err());
    assert!(Points::new(2, vec![1.0, 2.0, 3.0]).is_err());
    let net = perturbed_net(&[2, 3, 1], 1);
    assert!(term_loss(&net, &poisson_loss(3).pde).is_err());
    assert!(term_hvp(&net, &helmholtz_loss().pde, &[1.0]).is_err());
    assert!(SineSeries::new(vec![]).is_err());
    let spec = NetworkSpec::new(1, &[4]);
    assert!(hessian_spectra(
        &HelmholtzProblem::paper(3, 2),
        &spec,
        1,
        None,
        &SpectraOptions::default()
    )
    .is_err());
}

#[test]
fn low_rank_bc_spectrum_matches_the_dense_spectrum() {
    use super::lowrank::{
        eigenvalues_with_rank_bound, low_rank_eigenvalues, network_term_rank_bound,
    };
    let net = perturbed_net(&[1, 20, 20, 1], 31);
    let loss = poisson_loss(20);
    let hb = term_hessian(&net, &loss.bc).unwrap();
    let p = net.params().len();
    let bound = network_term_rank_bound(&net, loss.bc.len(), 1);
    assert!(2 * (bound + 10) <= p, "bound {bound} p {p}");
    let fast = eigenvalues_with_rank_bound(&hb.total, bound).unwrap();
    let dense = symmetric_eigenvalues(hb.total.as_faer()).unwrap();
    let scale = dense[0].abs().max(dense[p - 1].abs());
    for (a, b) in fast.iter().zip(&dense) {
        assert!((a - b).abs() <= 1e-12 * scale, "{a} vs {b}");
    }
    // Too few samples for the PDE term's rank: the range check refuses.
    let hp = term_hessian(&net, &loss.pde).unwrap();
    assert!(low_rank_eigenvalues(&hp.total, 20).unwrap().is_none());
}
