# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A tour of OpenDome: the Golden-Dome-like reference architecture
#
# This notebook uses only `opendome.api`, the public front door. It loads the built-in default
# scenario, runs it, looks at the per-trial results as a pandas DataFrame, changes one
# parameter, plots leakage against the number of midcourse interceptors, looks at the space
# layer, computes the 20-year cost and the exchange at the margin. It is executed top to bottom
# by `make test` (the documentation site build runs it), so every output below is real.
#
# Most kill, detection and discrimination probabilities are **notional** planning values
# (`opendome catalog` lists each value with its source): read the results as what follows from
# those assumptions, not as predictions.

# %%
import matplotlib.pyplot as plt
import numpy as np

import opendome.api as od

scenario = od.builtin_scenario("golden-dome-limited")
print(scenario.description)
for layer in scenario.defender.layers:
    stock = layer.inventory if layer.inventory is not None else "constellation"
    print(f"{layer.name:15s} {layer.phase:10s} {layer.interceptor:6s} {stock}")

# %% [markdown]
# ## Run it
# `od.run` compiles the scenario into an engagement plan (trajectories, kill chain, engagement
# windows, the space layer's interceptors in reach over a day of launch times) and runs the
# Monte Carlo. The summary is a frozen, typed object; `.to_dict()` gives the JSON of
# `opendome run --json`.

# %%
result = od.run(scenario, trials=20_000, seed=1)
summary = result.summary()
print(summary)
print(f"P(no warhead leaks) = {summary.p_no_leak:.4f}, "
      f"95 % interval {summary.p_no_leak_ci95[0]:.4f}-{summary.p_no_leak_ci95[1]:.4f}")
print(f"expected leakers    = {summary.expected_leakers:.4f}")

# %% [markdown]
# The closed form beside it assumes unlimited inventory; where a layer runs out (see each
# layer's probability of running short) the Monte Carlo leaks more.

# %%
for name in ("space", "midcourse-gbi", "midcourse-ngi", "terminal"):
    layer = summary.layer(name)
    print(f"{name:15s} used {layer.used_mean:6.2f} of {layer.inventory:6.2f}, "
          f"P(ran short) {layer.p_exhausted:.3f}, warheads killed {layer.warheads_killed:.3f}")
if summary.closed_form is not None:
    print("closed form, unlimited inventory: P(no leak)", round(summary.closed_form.p_no_leak, 4))

# %% [markdown]
# ## Every trial, as a DataFrame

# %%
trials = result.to_pandas()
print(trials.shape)
trials.head()

# %%
trials["leakers"].value_counts().sort_index()

# %% [markdown]
# ## Change one parameter
# A scenario dumps to a mapping with units (exactly what a YAML file holds), which can be
# edited and validated again. Here: half the GBIs.

# %%
mapping = od.dump_scenario(scenario)
gbi = next(layer for layer in mapping["defender"]["layers"] if layer["name"] == "midcourse-gbi")
gbi["inventory"] = 22
fewer = od.scenario_from_mapping(mapping)
fewer_summary = od.run(fewer, trials=20_000, seed=1).summary()
print(f"44 GBIs: P(no leak) {summary.p_no_leak:.4f};  22 GBIs: {fewer_summary.p_no_leak:.4f}")

# %% [markdown]
# ## Leakage against interceptors
# The same seed for every point gives common random numbers: differences between neighbouring
# points are not noise. The band is the 95 % interval of each Monte Carlo estimate.

# %%
inventories = [0, 11, 22, 44, 66, 88]
points = []
for n in inventories:
    gbi["inventory"] = n
    s = od.run(od.scenario_from_mapping(mapping), trials=5_000, seed=1).summary()
    points.append((s.expected_leakers, *s.expected_leakers_ci95))
mean, lo, hi = np.array(points).T
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(inventories, mean, marker="o")
ax.fill_between(inventories, lo, hi, alpha=0.3)
ax.set_xlabel("GBIs in inventory")
ax.set_ylabel("expected leakers")
ax.set_title("golden-dome-limited: leakage against GBI inventory")
fig.tight_layout()

# %% [markdown]
# ## The space layer
# The constellation's satellites are propagated over a day of launch times; each trial draws
# the interceptors in reach at one launch time. The absentee ratio is satellites in orbit per
# satellite in reach.

# %%
for space in summary.space_layers or ():
    print(f"{space.layer}: {space.satellites:,} satellites, {space.in_reach_mean:.2f} in reach "
          f"on average, absentee ratio {space.absentee_ratio:.0f}")

# %% [markdown]
# ## 20-year cost
# The life-cycle cost of each layer (development, procurement on a learning curve, launch,
# replacement over the service life, operations), in the catalog's constant dollars.

# %%
base_year = int(od.cost_defaults()["base_year"].value)
cost = od.life_cycle_cost(od.cost_layers_from_scenario(scenario), horizon_yr=20.0,
                          base_year=base_year)
print(f"20-year life-cycle cost, billions of {base_year} dollars")
for layer in cost.layers:
    print(f"{layer.name:15s} ${layer.total_usd / 1e9:8.1f} B")
print(f"{'total':15s} ${cost.total_usd / 1e9:8.1f} B")

# %% [markdown]
# ## The exchange at the margin
# How many warheads must an attacker launch to deliver one, against the 44 GBIs fired in
# salvos of four at every credible object, with and without decoys (closed form; the GBI's
# single-shot kill probability from the catalog)?

# %%
pk_gbi = od.load_catalog().interceptors["gbi"].pk_by_class()["warhead"]
for decoys in (0, 3):
    needed = od.warheads_needed(1.0, interceptors=44, shots=4, pk=pk_gbi, decoys=decoys)
    print(f"decoys per warhead {decoys}: warheads needed to deliver one: {needed:.0f}")
