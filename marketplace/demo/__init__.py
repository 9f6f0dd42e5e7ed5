"""Demo data for Chợ Phiên: Lao Cai producers, products and locally drawn photos."""
