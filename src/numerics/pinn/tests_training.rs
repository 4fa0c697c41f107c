//! Tests of training and entry points: the GD stability bound 2/λ_max, Adam with decay, λ annealing, spectra studies, exports that round-trip through JSON, and the paper's Helmholtz analysis (ignored, writes JSON to /tmp).

use super::tests_derivatives::poisson_loss;
use super::*;
use crate::numerics::rng::Rng;

#[test]
fn gd_diverges_just_above_two_over_lambda_max_and_trains_below() {
    let problem = PoissonProblem::new(1.0, 32);
    let spec = NetworkSpec::new(1, &[10, 10]);
    let s = StabilitySpec::default();
    let check = gd_stability_check(&problem, &spec, 5, &s).unwrap();
    assert!(check.start_loss < 1e-3, "warm start {}", check.start_loss);
    assert!(check.trained_below, "below: {:?}", check.below.loss.last());
    assert!(check.diverged_above, "above: {:?}", check.above.loss.last());
    assert!(check.consistent);
    assert!((check.critical_lr * check.lambda_max - 2.0).abs() < 1e-12);
    // The quadratic case (linear sine model) is exact.
    let mut rng = Rng::seeded(2);
    let model = SineSeries::new((0..5).map(|_| rng.normal()).collect()).unwrap();
    let lin = gd_stability_check_model(&model, &problem.loss().unwrap(), &s).unwrap();
    assert!(lin.consistent);
    assert!(lin.above.diverged || lin.above.loss.last().unwrap() > &(1e3 * lin.start_loss));
    assert!(gd_stability_check(&problem, &spec, 5, &StabilitySpec { above: 0.5, ..s }).is_err());
}

#[test]
fn adam_with_decay_trains_and_records_the_schedule() {
    let loss = poisson_loss(24);
    let mut net = Network::glorot(&NetworkSpec::new(1, &[8, 8]), 1).unwrap();
    let spec = TrainSpec {
        optimizer: Optimizer::adam(1e-2),
        steps: 3000,
        record_every: 500,
        lambda: LambdaMode::Fixed(1.0),
        checkpoints: vec![],
    };
    let h = train(&mut net, &loss, &spec, &mut |_| Ok(())).unwrap();
    assert_eq!(h.step, vec![0, 500, 1000, 1500, 2000, 2500, 3000]);
    assert!(h.loss.last().unwrap() < &(1e-2 * h.loss[0]));
    for (st, lr) in h.step.iter().zip(&h.learning_rate) {
        assert!((lr - 1e-2 * 0.9f64.powf(*st as f64 / 1000.0)).abs() < 1e-15);
    }
    let bad = TrainSpec {
        record_every: 0,
        ..spec
    };
    assert!(train(&mut net, &loss, &bad, &mut |_| Ok(())).is_err());
}

#[test]
fn annealing_follows_algorithm_2_1() {
    let loss = poisson_loss(16);
    let net0 = Network::glorot(&NetworkSpec::new(1, &[6, 6]), 3).unwrap();
    let lg = loss_gradients(&net0, &loss).unwrap();
    let max_pde = lg.grad_pde.iter().fold(0.0f64, |m, g| m.max(g.abs()));
    let mean_bc = lg.grad_bc.iter().map(|g| g.abs()).sum::<f64>() / lg.grad_bc.len() as f64;
    let expected = 0.1 * 1.0 + 0.9 * max_pde / mean_bc;
    let mut net = net0.clone();
    let spec = TrainSpec {
        optimizer: Optimizer::adam(1e-3),
        steps: 25,
        record_every: 1,
        lambda: LambdaMode::paper_annealing(),
        checkpoints: vec![],
    };
    let h = train(&mut net, &loss, &spec, &mut |_| Ok(())).unwrap();
    assert!((h.lambda[0] - expected).abs() <= 1e-12 * expected);
    // λ changes only at steps 0, 10, 20.
    for st in 1..25 {
        let same = h.lambda[st] == h.lambda[st - 1];
        assert_eq!(same, st % 10 != 0, "step {st}");
    }
}

#[test]
fn annealing_study_compares_fixed_and_annealed_runs() {
    let problem = PoissonProblem::new(2.0, 32);
    let spec = AnnealingSpec {
        optimizer: Optimizer::adam(1e-2),
        steps: 400,
        record_every: 100,
        fixed_lambda: 1.0,
        alpha: ANNEALING_ALPHA,
        every: ANNEALING_EVERY,
    };
    let study = annealing_study(&problem, &NetworkSpec::new(1, &[10, 10]), 4, &spec).unwrap();
    assert_eq!(study.fixed.final_lambda, 1.0);
    assert!(study.annealed.final_lambda > 1.0);
    for run in [&study.fixed, &study.annealed] {
        assert!(run.rel_l2_error.is_finite() && run.final_loss.is_finite());
        assert!(run.final_loss < run.history.loss[0]);
    }
}

#[test]
fn spectra_study_and_export_round_trip_exactly_through_json() {
    let problem = PoissonProblem::new(1.0, 24);
    let spec = NetworkSpec::new(1, &[6, 6]);
    let train_spec = TrainSpec {
        optimizer: Optimizer::adam(5e-3),
        steps: 200,
        record_every: 50,
        lambda: LambdaMode::Fixed(1.0),
        checkpoints: vec![100],
    };
    let opts = SpectraOptions {
        include_total: true,
        ..SpectraOptions::default()
    };
    let study = hessian_spectra(&problem, &spec, 9, Some(&train_spec), &opts).unwrap();
    let steps: Vec<usize> = study.snapshots.iter().map(|s| s.step).collect();
    assert_eq!(steps, vec![0, 100, 200]);
    let p = spec.n_params();
    for snap in &study.snapshots {
        let ev = &snap.export.results.eigenvalues;
        assert_eq!(ev.h_pde.len(), p);
        assert!(ev.gn_bc.iter().filter(|v| v.abs() > 0.0).count() <= 2);
        assert_eq!(ev.h_total.as_ref().unwrap().len(), p);
        assert_eq!(snap.h_pde.lambda_max, *ev.h_pde.last().unwrap());
    }
    let first = &study.snapshots[0].export;
    let last = &study.snapshots[2].export;
    assert!(last.results.loss < first.results.loss);
    let json = serde_json::to_string(last).unwrap();
    let back: PinnExport = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, last);
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(
        bits(&back.results.eigenvalues.h_pde),
        bits(&last.results.eigenvalues.h_pde)
    );
    let net = back.network.to_network().unwrap();
    let orig = last.network.to_network().unwrap();
    assert_eq!(bits(net.params()), bits(orig.params()));
    assert_eq!(back.network.layers[0].weight.len(), 6);
    assert_eq!(back.network.layers[0].weight[0].len(), 1);
    // Re-evaluating the re-read network reproduces the exported loss bit for bit.
    let loss = problem.loss().unwrap();
    let lg = loss_gradients(&net, &loss).unwrap();
    assert_eq!(lg.loss(back.lambda).to_bits(), back.results.loss.to_bits());
    // The whole study serialises too.
    assert!(serde_json::to_string(&study).unwrap().contains("\"h_pde\""));
}

/// The paper's Helmholtz problem with a [2, 50, 50, 50, 1] network at initialisation and
/// after a short Adam run; writes `/tmp/pinn_helmholtz_export.json`.
/// Run with `cargo test --release -- --ignored helmholtz_paper`.
#[test]
#[ignore]
fn helmholtz_paper_analysis_end_to_end() {
    let problem = HelmholtzProblem::paper(16, 16);
    let spec = NetworkSpec::new(2, &[50, 50, 50]);
    let train_spec = TrainSpec {
        optimizer: Optimizer::adam(1e-3),
        steps: 300,
        record_every: 50,
        lambda: LambdaMode::Fixed(1.0),
        checkpoints: vec![],
    };
    let t0 = std::time::Instant::now();
    let study = hessian_spectra(
        &problem,
        &spec,
        2021,
        Some(&train_spec),
        &SpectraOptions::default(),
    )
    .unwrap();
    let seconds = t0.elapsed().as_secs_f64();
    assert_eq!(study.snapshots.len(), 2);
    for snap in &study.snapshots {
        let r = &snap.export.results;
        eprintln!(
            "step {}: L = {:.4e} (PDE {:.4e}, BC {:.4e}), λ_max H_PDE {:.4e}, H_BC {:.4e}, GN_PDE {:.4e}, rel L2 {:.3e}",
            r.step, r.loss, r.loss_pde, r.loss_bc, snap.h_pde.lambda_max, snap.h_bc.lambda_max, snap.gn_pde.lambda_max, r.rel_l2_error
        );
        assert_eq!(r.eigenvalues.h_pde.len(), spec.n_params());
    }
    let exports: Vec<&PinnExport> = study.snapshots.iter().map(|s| &s.export).collect();
    let json = serde_json::to_string(&exports).unwrap();
    std::fs::write("/tmp/pinn_helmholtz_export.json", &json).unwrap();
    let back: Vec<PinnExport> = serde_json::from_str(&json).unwrap();
    assert_eq!(back[1], *exports[1]);
    eprintln!(
        "Helmholtz analysis: {seconds:.1} s, {} bytes of JSON",
        json.len()
    );
}
