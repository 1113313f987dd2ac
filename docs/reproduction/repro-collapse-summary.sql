-- One row per trial of docs/reproduction/repro-collapse: the last evaluation (every 100 steps)
-- where every test image got one label, the first where the test accuracy passed 20%, and the
-- accuracy at steps 500, 1,000 and 2,000. Run it from a clone:
--   ./ffsweep sql --out docs/reproduction/repro-collapse "$(cat docs/reproduction/repro-collapse-summary.sql)"
SELECT t.activation, t.hidden_sizes, t.seed,
       max(CASE WHEN e.collapsed THEN e.step END) AS last_collapsed,
       min(CASE WHEN e.test_accuracy > 0.2 THEN e.step END) AS first_over_20pct,
       max(CASE WHEN e.step = 500 THEN e.test_accuracy END) AS acc_500,
       max(CASE WHEN e.step = 1000 THEN e.test_accuracy END) AS acc_1000,
       max(CASE WHEN e.step = 2000 THEN e.test_accuracy END) AS acc_2000,
       max(e.distinct_predictions) AS most_labels,
       t.trial_id
FROM trials t JOIN evaluations e ON e.trial_id = t.trial_id
GROUP BY t.trial_id, t.activation, t.hidden_sizes, t.seed
ORDER BY t.hidden_sizes, t.activation, t.seed
