"""Demo data for Chợ Phiên: Lao Cai's producers, products and locally drawn photos, the demo
orders, the union's tree and roster, the CMS pages, and the benchmarks' scale data."""
