//! Timing of the PINN Hessian engine (release build, `harness = false`): exact Hessians plus full spectra for two Poisson networks, and 20 000 full-batch Adam steps; medians of several runs with flop estimates.

use reprobook::numerics::pinn::{
    eigenvalues_with_rank_bound, network_term_rank_bound, snapshot, term_hessian, train,
    LambdaMode, LossTerm, Network, NetworkSpec, Optimizer, PoissonProblem, Problem, SpectraOptions,
    TrainSpec,
};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Flop estimates (dominant terms). Hessians: Gauss–Newton `N p²` (lower triangle);
/// curvature, per direction of layer `m`: gradient-tangent GEMMs `2 K w_{l-1} w_l` for each
/// row layer `l ≥ m` with a dense adjoint tangent (`l < L-1` or `l > m`), plus forward and
/// adjoint tangent GEMMs `2 K w_l w_{l-1}` each for the hidden layers `l ≥ m+2`, plus
/// `2 K w_l w_{l-1}` for the adjoint tangent into layer `l-1 ≥ m` (`K = 3N`). Dense
/// spectrum: `4/3 p³` (tridiagonalisation). Low-rank spectrum: `4 p² k` (two sketches,
/// `k` = rank bound + 10).
fn flops(widths: &[usize], n: usize) -> (f64, f64, f64) {
    let spec = NetworkSpec {
        widths: widths.to_vec(),
    };
    let p = spec.n_params() as f64;
    let k = 3.0 * n as f64;
    let big_l = widths.len() - 1;
    let mut curv = 0.0;
    for m in 1..big_l {
        let pm = (widths[m] * widths[m - 1] + widths[m]) as f64;
        for l in m..big_l {
            let ww = (widths[l] * widths[l - 1]) as f64;
            if l > m || l + 1 < big_l {
                curv += 2.0 * k * ww * pm; // gradient tangent of layer l
            }
            if l > m {
                curv += 2.0 * k * ww * pm; // adjoint tangent into layer l-1
            }
            if l >= m + 2 {
                curv += 2.0 * k * ww * pm; // forward tangent
            }
        }
    }
    let build = n as f64 * p * p + curv;
    let eig = 4.0 / 3.0 * p * p * p;
    let hidden: usize = widths[1..big_l].iter().sum();
    let kb = (2 * (2 * hidden + 1) + 2 + 10) as f64;
    (build, eig, 4.0 * p * p * kb)
}

fn hessian_case(widths: &[usize], n: usize, runs: usize) {
    let problem = PoissonProblem::new(2.0, n);
    let loss = problem.loss().expect("loss");
    let net = Network::glorot(
        &NetworkSpec {
            widths: widths.to_vec(),
        },
        7,
    )
    .expect("net");
    let p = net.params().len();
    let opts = SpectraOptions::default();
    let (mut total, mut build, mut eig_pde, mut eig_bc) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut check = 0.0;
    for _ in 0..runs {
        // The whole analysis: both exact Hessians, both full spectra, Gauss–Newton spectra,
        // errors and the export.
        let t0 = Instant::now();
        let snap = snapshot(&net, &problem, &loss, 1.0, 0, 7, &opts).expect("snapshot");
        total.push(t0.elapsed().as_secs_f64());
        check = snap.h_pde.lambda_max + snap.h_bc.lambda_max;
        // Breakdown.
        let t0 = Instant::now();
        let hp = term_hessian(&net, &loss.pde).expect("H_PDE");
        let hb = term_hessian(&net, &loss.bc).expect("H_BC");
        let t1 = Instant::now();
        let bound = |t: &LossTerm| network_term_rank_bound(&net, t.len(), t.op.streams_len(1));
        let ep = eigenvalues_with_rank_bound(&hp.total, bound(&loss.pde)).expect("eig");
        let t2 = Instant::now();
        let eb = eigenvalues_with_rank_bound(&hb.total, bound(&loss.bc)).expect("eig");
        let t3 = Instant::now();
        assert_eq!(ep.len() + eb.len(), 2 * p);
        build.push((t1 - t0).as_secs_f64());
        eig_pde.push((t2 - t1).as_secs_f64());
        eig_bc.push((t3 - t2).as_secs_f64());
    }
    let (fb, fe, fl) = flops(widths, n);
    println!(
        "snapshot {widths:?} p={p} N_r={n}: median {:.2} s over {runs} runs [Hessians {:.2} s ≈ {:.1} GFLOP; dense spectrum H_PDE {:.2} s ≈ {:.1} GFLOP; low-rank spectrum H_BC {:.2} s ≈ {:.1} GFLOP]; λ_max sum {check:.6e}",
        median(total),
        median(build),
        fb / 1e9,
        median(eig_pde),
        fe / 1e9,
        median(eig_bc),
        fl / 1e9
    );
}

fn adam_case(runs: usize) {
    let problem = PoissonProblem::new(2.0, 128);
    let loss = problem.loss().expect("loss");
    let spec = NetworkSpec {
        widths: vec![1, 20, 20, 1],
    };
    let steps = 20_000;
    let ts = TrainSpec {
        optimizer: Optimizer::adam(1e-3),
        steps,
        record_every: 100,
        lambda: LambdaMode::Fixed(1.0),
        checkpoints: Vec::new(),
    };
    let mut times = Vec::new();
    let mut last = 0.0;
    for _ in 0..runs {
        let mut net = Network::glorot(&spec, 3).expect("net");
        let t0 = Instant::now();
        let h = train(&mut net, &loss, &ts, &mut |_| Ok(())).expect("train");
        times.push(t0.elapsed().as_secs_f64());
        last = *h.loss.last().expect("history");
    }
    // Per step (K = 3·128 stream columns): forward, adjoint and gradient GEMMs
    // 3·2·(20·20 + 2·20)·K, plus ≈ 50 flops per hidden unit and point for tanh and the
    // stream kernels (2·20·128 of them); the 2 boundary points are negligible.
    let k = 3.0 * 128.0;
    let per_step = 3.0 * 2.0 * (400.0 + 40.0) * k + 50.0 * 2.0 * 20.0 * 128.0;
    println!(
        "adam 20000 steps [1,20,20,1] N_r=128: median {:.2} s (≈ {:.1} GFLOP); runs {runs}; final loss {last:.3e}",
        median(times),
        per_step * steps as f64 / 1e9
    );
}

fn main() {
    hessian_case(&[1, 50, 50, 1], 256, 3);
    hessian_case(&[1, 50, 50, 50, 1], 256, 3);
    adam_case(3);
}
