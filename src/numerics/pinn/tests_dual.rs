//! Independent check with num-dual: the loss is written once over generic dual numbers (second-order duals in x for u'' / Δu, hyper-duals in θ), and its gradient and Hessian must match the engine's.

use super::tests_derivatives::{helmholtz_loss, perturbed_net, poisson_loss};
use super::*;
use num_dual::{Dual2, DualNum, HyperDual64};

type P = HyperDual64;
type X = Dual2<P, f64>;

/// Plain tanh MLP over generic scalars, parameters in the engine's layout.
fn mlp(widths: &[usize], theta: &[P], x: &[X]) -> X {
    let big_l = widths.len() - 1;
    let mut h: Vec<X> = x.to_vec();
    let mut off = 0;
    for l in 1..=big_l {
        let (wi, wo) = (widths[l - 1], widths[l]);
        let z: Vec<X> = (0..wo)
            .map(|r| {
                let mut acc = X::from_re(theta[off + wo * wi + r]);
                for (c, hc) in h.iter().enumerate() {
                    acc += X::from_re(theta[off + r * wi + c]) * *hc;
                }
                if l < big_l {
                    acc.tanh()
                } else {
                    acc
                }
            })
            .collect();
        off += wo * wi + wo;
        h = z;
    }
    h[0]
}

/// `L = (1/N) Σ (a u + b Δu - t)²` with Δu from second-order duals in each coordinate.
fn dual_loss(widths: &[usize], theta: &[P], term: &LossTerm) -> P {
    let n = term.len();
    let d = term.points.dim;
    let mut total = P::from_re(0.0);
    for i in 0..n {
        let x = term.points.point(i);
        let mut lap = P::from_re(0.0);
        let mut u = P::from_re(0.0);
        for j in 0..d {
            let xs: Vec<X> = (0..d)
                .map(|k| {
                    let v = X::from_re(P::from_re(x[k]));
                    if k == j {
                        v.derivative()
                    } else {
                        v
                    }
                })
                .collect();
            let out = mlp(widths, theta, &xs);
            lap += out.v2;
            u = out.re;
        }
        let r = u * term.op.value + lap * term.op.laplacian - term.targets[i];
        total += r * r;
    }
    total / n as f64
}

#[test]
fn engine_matches_hyper_dual_gradient_and_hessian() {
    for (widths, loss) in [
        (vec![1, 4, 4, 1], poisson_loss(6)),
        (vec![2, 4, 3, 1], helmholtz_loss()),
        (vec![1, 3, 4, 3, 1], poisson_loss(5)),
    ] {
        let net = perturbed_net(&widths, 17);
        let p = net.params().len();
        for term in [&loss.pde, &loss.bc] {
            let hp = term_hessian(&net, term).unwrap();
            let (l_engine, g_engine) = term_gradient(&net, term).unwrap();
            let mut worst_h = 0.0f64;
            let mut worst_g = 0.0f64;
            let hmax = hp.total.max_abs();
            let gmax = g_engine.iter().fold(0.0f64, |m, g| m.max(g.abs()));
            for (a, &ga) in g_engine.iter().enumerate() {
                for b in a..p {
                    let theta: Vec<P> = net
                        .params()
                        .iter()
                        .enumerate()
                        .map(|(k, &t)| {
                            let mut v = P::from_re(t);
                            if k == a {
                                v = v.derivative1();
                            }
                            if k == b {
                                v = v.derivative2();
                            }
                            v
                        })
                        .collect();
                    let l = dual_loss(&widths, &theta, term);
                    worst_h = worst_h.max((l.eps1eps2 - hp.total.get(a, b)).abs());
                    if b == a {
                        worst_g = worst_g.max((l.eps1 - ga).abs());
                        assert!((l.re - l_engine).abs() <= 1e-13 * l_engine.abs().max(1.0));
                    }
                }
            }
            assert!(
                worst_h <= 1e-11 * hmax,
                "Hessian mismatch {worst_h} (max {hmax})"
            );
            assert!(
                worst_g <= 1e-12 * gmax.max(1e-300),
                "gradient mismatch {worst_g} (max {gmax})"
            );
        }
    }
}
