# %% [markdown]
# # Toy
# %%
import opendome.api as od
print(od.builtin_names())
