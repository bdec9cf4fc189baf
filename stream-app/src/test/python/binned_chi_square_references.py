# Reference values for BinnedChiSquareTest (scipy 1.17.1, numpy). Run: python3 binned_ref.py
import numpy as np
from scipy.stats import chi2_contingency, chi2
def table(r, w):
    res = chi2_contingency(np.array([r, w]), correction=False)
    return res.statistic, res.pvalue, res.dof
# 1. a 1.5x spread seen in the ten reference deciles (counts of N(0,1.5) in N(0,1) deciles, m = 1000)
r = [100]*10; w = [196, 91, 76, 70, 67, 67, 70, 76, 91, 196]
print("spread", repr(table(r, w)))
# 2. uneven counts, n = 500, m = 300
r2 = [50, 50, 50, 50, 50, 50, 50, 50, 50, 50]; w2 = [20, 25, 30, 35, 30, 30, 35, 30, 40, 25]
print("uneven", repr(table(r2, w2)))
# 3. pooling: n = 1000, m = 30, pooled from the left until min(n, m) * c >= 5, c = (r + w)/(n + m)
r3 = [100]*10; w3 = [1, 2, 3, 2, 4, 3, 3, 4, 4, 4]
def pool(r, w, n, m, k=5):
    bins=[]; br=bw=0
    for a,b in zip(r,w):
        br+=a; bw+=b
        if min(n,m)*(br+bw)/(n+m) >= k:
            bins.append([br,bw]); br=bw=0
    if br+bw>0: bins[-1][0]+=br; bins[-1][1]+=bw
    return [b[0] for b in bins],[b[1] for b in bins]
pr, pw = pool(r3, w3, 1000, 30)
print("pooled bins", pr, pw, repr(table(pr, pw)))
# 4. sketch error bounds, spread case, eps_r = 0.005, eps_w = 0.01
n=m=1000; p=np.array(r)/n; q=np.array(w)/m; c=(n*p+m*q)/(n+m)
end=np.array([1]+[2]*8+[1]); er=end*0.005; ew=end*0.01; e=er+ew; ec=(n*er+m*ew)/(n+m)
d=np.abs(p-q); K=n*m/(n+m)
low=K*np.sum(np.maximum(0,d-e)**2/(c+ec))
dh=d+e; high=K*np.sum(np.minimum(dh**2/(c-ec), dh*(n+m)/min(n,m)))
print("bounds", repr(low), repr(high), repr(chi2.sf(high, 9)), repr(chi2.sf(low, 9)))
