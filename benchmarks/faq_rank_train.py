"""Fit the matcher's candidate ranker (``faq/ranker.py``) on labelled procedure questions.

Usage: ``python benchmarks/faq_rank_train.py [--write] [--cv] [--misses] [--fit-all] [--spent]
[--judge-spent] [--anchored[=wide]] [--free-priors] [--leave-out=DATE,…] [--toward=FILE]
[--by-batch [--check=DATE,…]] [--C=… --margin=… --everyday=…]``.

For every procedure question the matcher lists its candidates with their features
(``Matcher.candidates``, the shipped ranker plays no part in that list); each right candidate
is paired with each wrong one of the same question and a logistic regression without intercept
learns which of the two is right from the difference of their features (a pairwise ranker: its
weights order candidates, whatever the question). Each question weighs the same, however many
pairs it makes.

Fitted on ``benchmarks/eval/train.jsonl`` (long-tail questions; not its ``LEFT_OUT`` batches),
with ``--spent`` the spent batches ``FITTED_BATCHES`` names (``batch_2026-12-06.jsonl``: 250
technical long-tail questions; ``batch_2026-12-07.jsonl``: 230 questions weighted to everyday
procedures; ``batch_2026-12-08.jsonl``: 200 questions, two thirds on everyday procedures,
measured once at stop 32, top-1 / top-3 71.5 / 91.0; all fitted and cross-validated on like
train, but each with its own weights for the features that say what kind of procedure a
candidate is, ``BATCH_PRIORS``, since their writers chose which procedures to ask about) and
the everyday questions written for
gopy (``faq_own_queries.jsonl``, ``tests/faq/realistic_queries.py``), these with
``EVERYDAY_WEIGHT`` each: a model fitted on the long tail alone puts a sibling above the
everyday alias a citizen typed. The shared ``dev_queries.jsonl`` stays out, a held-out measure.
``batch_2026-12-21.jsonl`` (the check of stop 47) and ``batch_2026-12-22.jsonl`` (the check of
stop 48) are never read here: the checks nobody fitted or tuned on.

Two choices need held-out questions: the regularisation and the *margin* by which the model
must prefer another candidate before it moves the lexical first from the top (below it the
lexical first stays first and the model orders the rest), which guards the everyday questions.
Each setting is judged on the everyday questions, each half of them by a model fitted without
it (two folds), and on ``dev.jsonl`` (with ``--cv``: on the cross-validated figures below); a
setting that loses any everyday question against the lexical order is not eligible, and of the
others the best by both kinds of question together is chosen (the smaller margin and
regularisation on a tie). The model is then fitted again on everything above with dev.
``--write`` saves it to ``faq/data/ranker.json`` (the shipped file comes from
``--cv --write``). The test split is never read here.

Dev is 149 questions (one is 0.7 points), so ``--cv`` also prints, for each setting, top-1 and
top-3 over train, dev and the fitted batches together, each question ordered by a model fitted
without its fold (five folds by procedure, as most test procedures have no question in train or
dev): the figure to compare feature sets by; then the same for each part apart (``train``,
``dev``, ``spent``: the fitted batches). ``--misses`` prints, with the shipped file's regularisation
and margin and in those same folds, every train and dev question whose right procedure is among
the candidates but not put first: the message, the candidate chosen, the right one, and the
features that made the difference (weight times difference, largest first), then exits.
``--fit-all`` fits on the batches ``LEFT_OUT`` names too; ``--cv`` then prints their own
cross-validated figure (their procedures have no other question, so each is ordered by a model
that never saw its procedure), the fair comparison with the check printed without the flag.
``--judge-spent`` reads the spent batches but fits as the shipped file is fitted (train and dev
alone): ``--cv`` then judges that recipe on the same 1,366 questions as a ``--spent`` fit, the
"before" of a refit with the batches. ``--C=``, ``--margin=`` and ``--everyday=`` (the everyday
questions' weight) fit at that setting instead of choosing one, to compare a candidate refit
with its pinned tests and ``faq_accuracy.py`` run after ``--write``. ``--anchored`` (with
``--spent``) holds the shared ``BATCH_PRIORS`` weights at those of a fit without the spent
batches (the same folds, strength and everyday weight) and fits the rest on everything;
``--anchored=wide`` holds ``WIDE_ANCHOR`` too. ``--leave-out=2026-12-12`` leaves that spent batch
out of the fit and of the figures (a fresh check of a refit); ``--toward=FILE`` penalises the
distance to that ranker file's weights instead of their size (a refit pulled towards them).
``--by-batch`` (with ``--spent``) orders each spent batch by a model fitted without it (the
other batches, train, dev, the everyday questions; ``--anchored`` as given) against the
shipped file, then exits: leave-one-batch-out, the honest figure of a refit with the batches;
``--check=2026-12-13,2026-12-14`` keeps those batches out of every fit and pools them apart,
each ordered by the model fitted on all the other batches (the check of settings chosen on the
rest). ``--free-priors`` leaves each fitted batch's own prior columns unpenalised, so the shared
prior is set by the questions of no batch alone.
"""

from __future__ import annotations

import json
import runpy
import sys
import zlib
from collections.abc import Callable
from functools import partial
from operator import eq
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from faq import ranker
from faq.complaint_training import SPENT as SPENT_BATCHES
from faq.knowledge import load_knowledge
from faq.matcher import Matcher
from faq.normalize import DATA_DIR

HERE = Path(__file__).resolve().parent
EVAL = HERE / "eval"
EVERYDAY = HERE / "faq_own_queries.jsonl"
REALISTIC = HERE.parent / "tests" / "faq" / "realistic_queries.py"
STRENGTHS = (0.1, 0.3, 1.0, 3.0)
MARGINS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
EVERYDAY_WEIGHT = 10.0  # an everyday question against a long-tail one (chosen on dev)

FOLDS = 5
ANCHORED = False  # --anchored: the kind priors held at the fit without the spent batches
ANCHORED_TOO: tuple[str, ...] = ()  # --anchored=wide: these held too
TOWARD: np.ndarray | None = None  # --toward=PATH: the penalty pulls to that file's weights, not 0
FREE_PRIORS = False  # --free-priors: each fitted batch's own prior columns left unpenalised
SPENT: set[int] = set()  # ids of the spent batches' questions (for --anchored)
Question = tuple[list[bool], np.ndarray]  # per candidate: right?, features


# Batches of eval/train.jsonl (their rows' ``batch``) the ranker is not fitted on. 2026-12-04:
# 381 long-tail questions, one per procedure, a third of them on procedures only
# organisations file; fitted with them (everything else the same, same run), dev top-1 fell
# 83.2 -> 82.6, the everyday questions' two-fold top-1 95.0 -> 94.0 and an everyday question
# («ĐKKH online qua dvc được ko») lost its answer from the top three: they pull the weight of
# "citizens file it" down. They stay in train for the complaint recogniser and as a check of
# the ranker on procedures it never saw (printed after the chosen weights). 2026-12-05: 255
# questions on procedures with no other question, mostly filed by firms and professionals;
# fitted with them (same code, same run, each fit's chosen setting), the 2026-12-04 batch
# gained (top-1 77.4 -> 78.5) but dev top-1 fell 85.9 -> 85.2, the shared dev_queries 95.3 ->
# 94.7, the tests' realistic queries 99.3 -> 98.6 and the own English dev half 97.8 -> 93.5:
# the everyday questions lose to the specialist ones, so they are a second check instead.
LEFT_OUT = frozenset({"2026-12-04", "2026-12-05"})

# Batches written apart from train (``eval/batch_*.jsonl``) that ``--spent`` fits the ranker on,
# as if they were train rows. 2026-12-06 (250 questions on technical long-tail procedures in no
# split) was kept out as a check until it showed the shipped ranker losing to the lexical order
# there (top-1 / top-3 76.0 / 93.2 -> 71.2 / 84.8): spent as a check from then on, it is fitted
# and cross-validated on (its own folds by procedure, printed apart as "spent"). 2026-12-07 (230
# procedure questions weighted to everyday procedures) was measured as the check of the next
# stop (the shipped file there: top-1 / top-3 75.2 / 89.1) and is spent and fitted likewise.
# 2026-12-08 (200 questions, 129 of them on everyday procedures already asked in train or dev)
# was measured once as the check of stop 32 (top-1 / top-3 71.5 / 91.0) and is spent and fitted
# likewise; 2026-12-09 (200 questions, 130 on procedures with questions in train or dev) as the
# check of stop 33 (78.0 / 87.5), then likewise; 2026-12-10 (200 questions, 130 on procedures
# with questions elsewhere) as the check of stop 34 (71.0 / 86.5), then likewise; 2026-12-11 (200
# questions, 130 on procedures with questions elsewhere) as the check of stop 36 (72.0 / 86.0),
# then likewise; 2026-12-12 (200 questions) as the check of stop 37 (77.0 / 89.5), then
# likewise; 2026-12-13 (200 questions) as the check of stop 38 (71.5 / 88.5), then likewise;
# 2026-12-14 (200 questions) as the check of stop 39 (63.5 / 83.5), then likewise; 2026-12-15
# (200 questions) as the check of stop 40 (68.5 / 89.5), then likewise; 2026-12-16 (200
# questions) as the check of stop 42 (71.5 / 91.0), then likewise; 2026-12-17 (200 questions)
# as the check of stop 43 (77.0 / 94.0), then likewise; 2026-12-18 (200 questions) as the check
# of stop 44 (56.5 / 79.0), then likewise; 2026-12-19 (200 questions) as the check of stop 45
# (75.0 / 89.5), then likewise; 2026-12-20 (200 questions) as the check of stop 46 (74.0 /
# 94.5), then likewise.
# 2026-12-21 (the check of stop 47) and 2026-12-22 (the check of stop 48) are never read
# here: they stay the checks nobody has fitted or tuned on.
#
# The shipped ``ranker.json`` is still the fit without it (C 3, margin 0.5). Refitted with it
# (same features; the grid's best, C 3 margin 0.5: cross-validated top-1 / top-3 of train + dev
# + the batch 85.0 / 95.2, the batch's own 77.6 / 93.2 against 76.0 / 93.2 in lexical order;
# the choice of this script, C 3 margin 1.5), seven tests of tests/faq and tests/handlers that
# pin everyday answers fail: the "only a ministry" prior falls from -4.2 to -1.3 once 250
# ministry-heavy questions join, so «giải chấp sổ đỏ ở đâu» goes to a ship's mortgage, and
# closing a branch, renting social housing, a first builder's certificate, a provincial
# appointment, a complaint naming no procedure and a sole telling option change. Tried and not
# shipped for the same reason (seven tests again): "only a ministry" counted only when the
# lexical first is an everyday alias or everyday words were read in the catalogue's
# (faq.classes): CV 85.3-85.7 / 95.1-95.2, the batch 78.8-79.2 / 93.2-93.6 at an everyday
# weight of 30 (the plain prior there: 75.2), the shared dev_queries kept (95.8; at weight 10
# they lost two top-1). A margin growing with the lexical gap and a learned "lexical first"
# feature lost CV; citizen / commune / record_first / field / pool_field interacted with an
# everyday message, or dropped, moved CV by under 0.5 point either way (one question is 0.1).
#
# With 2026-12-07 fitted too (the "rank" helper, same run, each figure cross-validated over
# train + dev + both batches, 1,166 questions, five folds by procedure): lexical order 75.9 /
# 91.8; the shipped recipe (train and dev, C 3, margin 0.5, refitted per fold) 81.0 / 92.3;
# with both batches (C 3, margin 0.5) 83.5 / 94.5, this script's choice (C 1, margin 0.25)
# 83.8 / 94.7, the 2026-12-07 batch alone 72.2 -> 77.0 top-1. Not shipped: six or seven pinned
# tests fail again (giải chấp sổ đỏ, closing a branch, the first builder's certificate, a
# provincial appointment, the office-hours complaint, the Thừa phát lại merger answered, the
# VNeID answer among the options): the everyday-weighted batch does not hold the "only a
# ministry" prior (-1.2 to -1.3). Tried too, none keeping every pinned test: the questions
# whose right answer only a ministry carries out weighed 0.5 / 0.25 / 0.1 in 2026-12-06
# (83.6 / 83.4 / 82.9 top-1, six failures), dropped from both batches at an everyday weight of
# 30 (the prior -5.4, one failure, the builder's certificate; CV 80.9 / 92.1, no gain); a
# second fit penalised towards the train + dev one (L2 to its weights; 82.0-83.5 top-1, five
# to seven failures); gradient-boosted trees (sklearn HistGradientBoostingClassifier), per
# candidate 79.4 / 93.0, on the pairs' differences with each candidate scored by its mean
# against the others 83.8 / 95.2 at no margin but 1.5 ms a message to score. Note that a
# refit of the shipped recipe on today's features (no new data) already fails three pinned
# tests (the office-hours and «làm sổ đỏ bị đòi bồi dưỡng» complaints, whose first match
# sits at 0.30 against _COMPLAINT_CHOICE, and the builder's certificate): the shipped weights
# predate later normalisation changes, and some pinned answers sit on a knife's edge of them.
#
# With 2026-12-08 fitted too (the "rank2" helper, on main at a8c9225, same run, each figure
# cross-validated over train + dev + the three batches, 1,366 questions, five folds by procedure;
# top-1 / top-3, then top-1 of train / the batches / dev; "pinned" counts the tests of tests/faq and
# tests/handlers a refit written to ranker.json fails): the shipped recipe refitted (train and dev,
# C 3, margin 0.5) 82.6 / 94.1 (91.1 / 75.0 / 86.6), failing at least four pinned tests (the
# mortgage release, the two complaints at the _COMPLAINT_CHOICE edge, the capital increase answered
# outright); all three batches with one prior for everyone (C 3, margin 0.25) 84.2 / 95.5 (89.8 /
# 79.6 / 85.9), failing seven (the ship's mortgage for «giải chấp sổ đỏ», a foreign law firm's
# branch for «đóng chi nhánh công ty», the ministry's dismissal for «xin bổ nhiệm giám định viên»,
# the office-hours complaint, the builder's certificate, the capital increase, the VNeID answer
# among the options). Each fitted batch's own prior (``BATCH_PRIORS``, C 1, margin 0.25, everyday
# weight 20) gives 83.5 / 95.3 (90.3 / 77.5 / 86.6) and keeps the firm's branch, the appointment and
# the complaints, but fails four: «giải chấp sổ đỏ» (no word of the message is in either name: "sổ
# đỏ" is read as no class, so only the prior tells the land from the ship, and -3.6 no longer does),
# the builder's certificate (the message's «hạng II» is in the name of the recognition of the
# professional body that issues the certificates, «Công nhận tổ chức xã hội nghề nghiệp đủ điều kiện
# cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III», which covers 0.83 of the message
# against the certificate's 0.49), and two whose first answer stays right but whose third changes,
# within a few tenths of a point: «tăng vốn điều lệ công ty cổ phần» shows a ministry's approval of
# a bank's capital increase third, which holds «tăng ... vốn điều lệ» too, so the sole-holder rule
# offers a choice instead of the answer; the VNeID question shows the provincial unlocking of an
# organisation's identity account third instead of the curated «VNeID là gì». In faq_accuracy
# --tuning yes against main (same run) it moves train top-1 83.7 -> 84.1, the left-out batches 79.3
# -> 80.8 and 74.5 -> 76.5, keeps dev (86.6; top-3 94.0 -> 95.3), the realistic queries (99.3) and
# the own English dev half (97.8), but the shared dev_queries fall 95.3 -> 94.2 (a company's
# founders sent to a change of founders, a building permit's fee read as the registration fee): not
# shipped. The script's own choice (C 0.3, margin 1.0) loses more (a margin of 1 keeps a wrong
# lexical first: the social-housing tenant, the employer's unemployment insurance). Tried with it,
# before main's dialect2 merge (no gain in CV, 0.2 point or less, and not kept): the share of the
# hints (what ``faq.classes`` read the message's words as) a candidate's name holds (its fitted
# weight came out negative, the hints already counting in the lexical features); the share of a
# name's IDF before its first word the message has (a name that holds the message's words only in a
# qualifier); "filed by bodies alone" (no person or firm among the catalogue's applicants: right for
# 0-3 % of train, dev and everyday questions, 6 % of wrong candidates), which keeps the builder's
# certificate and the VNeID answer but loses the notary's card, whose applicant the catalogue lists
# as the notaries' office, and the pension question's curated answer; curated answers counted as
# filed by citizens (loses the employer's unemployment insurance); the batches at half or a quarter
# of a train question's weight (two or three pinned tests still fail). _COMPLAINT_CHOICE is not the
# lever: re-derived by its own rule (the 5 % quantile of right first answers' scores on train and
# dev) it is 0.35 for the shipped file and the refits alike, which would hide the procedures of «làm
# sổ đỏ bị đòi bồi dưỡng» (0.32); and some refits fail the office-hours complaint (shown a match)
# and that one (shown none) at the same bar.
#
# Re-measured on main at b60292b plus the «sổ đỏ» -> «quyền sử dụng đất» row of faq.classes (the
# "rank3" helper; English glossary, dialect overrides and the «mỏ» row merged since): the shipped
# recipe refitted per fold (``--cv --judge-spent --C=3 --margin=0.5``) 82.7 / 94.6 over the 1,366
# questions (train 90.9, dev 85.9, the batches 75.6 top-1; without the row 82.7 / 94.1). With each
# batch's own prior (``--spent``), every C in 0.3 / 1 / 3, margin 0.25 / 0.5, everyday weight 20 /
# 30, the tests of tests/faq, tests/handlers that still fail: the row keeps «giải chấp sổ đỏ»
# everywhere; the capital increase answered outright fails at every setting (its third option, a
# credit institution's capital increase, scores 0.022 against the first's 0.58 and still counts for
# _sole_holder); the builder's certificate fails at weight 20 and at C 3, the VNeID option at C 3
# and at weight 20 with C 1, closing a branch and the office-hours complaint at C 1 and 0.3 and at C
# 3 with weight 20, the sibling-offered test at C 0.3 and at weight 30 with C 1. Best: weight 30, C
# 3, margin 0.5, CV 83.6 / 95.4 (batches 77.4), three failures (the certificate, the capital
# increase, VNeID), faq_accuracy --tuning yes against main train 83.7 -> 83.8, dev 86.6 kept,
# realistic 99.3 and the own English dev half 97.8 kept, but the shared dev_queries 95.3 -> 94.7
# (one question: «xin gpxd nhà 2 tầng lệ phí hết bn» sent to the registration fee on land and
# houses, «lệ phí trước bạ»): not shipped. At weight 20, C 1, margin 0.25 (the "rank2" choice) CV
# 83.8 / 95.4, five failures, dev_queries 93.7; weight 30, C 0.3 keeps dev_queries (95.3) but lowers
# CV (82.7) and the English dev half (93.5).
#
# With 2026-12-09 fitted too, after _sole_holder stopped counting an option under 1.5 % of the
# first's (matcher._FAR_BELOW) and the hash-seed-free sums (branch "fixes"): ``--cv --spent --C=3
# --margin=0.5`` 83.1 / 94.7 over train + dev + the four batches (train 89.9, dev 86.6, the batches
# 78.4 top-1; left-out 12-04/05 79.1 / 92.3), against the shipped recipe judged on the same
# questions (``--judge-spent``) 82.0 / 94.0 (dev 85.9, the batches 75.7). Written, three pinned
# tests fail: the office-hours complaint (shown a match), the builder's certificate, the VNeID
# answer among the options (the curated «VNeID là gì» fourth, at a learned score 1.07 below the
# third: no tie a tie-break by kind could settle; a tie-break on shown scores within 0.001 instead
# reorders the options of 124 train and 47 dev_queries questions, all near 0, and loses one right
# top-3 of 12-06). The capital increase now passes (its third option at 1.2 % of the first). In
# faq_accuracy --tuning yes against the branch: train 83.9 -> 84.3, the batches 12-04..12-09 up 1-5
# points, but dev 86.6 -> 85.9, dev_queries 95.3 -> 94.2, realistic 99.3 -> 98.6, English dev half
# 97.8 -> 95.7 top-1: not shipped.
#
# With 2026-12-11 fitted too, after English messages got 0 for ministry_only / commune (the
# "ranker" branch on main at 6a14929; same run; each figure cross-validated over train + dev +
# the six batches, five folds by procedure, C 3, margin 0.5; top-1 / top-3, then top-1 of train /
# dev / the batches): the shipped recipe refitted per fold (``--judge-spent``) 80.5 / 93.2 (90.7 /
# 86.6 / 75.6); ``--spent`` at everyday weight 30 82.0 / 94.1 (90.1 / 86.6 / 78.1); ``--anchored``
# (the shared BATCH_PRIORS held at each fold's fit without the batches, the rest fitted on all)
# 81.0 / 94.2 (90.3 / 87.3 / 76.4); ``--anchored=wide`` (the action, level, foreign and lead
# features held too) 80.8 / 93.8 (91.1 / 86.6 / 75.9). Pinned tests of tests/faq and tests/handlers
# failed by each written (on d15fe0c, the table of faq_term_assoc not rebuilt): the shipped recipe
# refitted 2 (the English zoning question, the English officer complaint: the English change
# alone moves them); ``--spent`` 13 at weight 30 and 11 at weight 100 (CV 81.1 there), among them
# closing a branch, the provincial appointment, both plant-variety re-issues, the builder's
# certificate, the office-hours complaint, the lexical first offered for «cấp lại giấy phép xây
# dựng», the sole telling option; ``--anchored`` 8, ``--anchored=wide`` 5 (both complaints, the
# builder's certificate, the sole telling option, one association-table test). In faq_accuracy
# --tuning yes against main (``--spent``, weight 30, the table rebuilt: out of source 94.3 -> 95.0
# top-3 over 2,711): train 84.1 -> 83.4, dev 86.6 kept (top-3 96.6 -> 97.3), 12-11 72.5 kept (top-3
# 92.0 -> 93.5), 12-05 76.1 -> 76.5, but dev_queries 95.3 -> 94.7 and the own English dev half
# 97.8 -> 95.7 top-1: not shipped. The gain of the batches lives in the priors and action weights
# the pinned everyday answers sit on; holding those fixed keeps tests but leaves 0.3-0.5 point.
# On 6a14929, each written and the table rebuilt, against main there: ``--anchored`` fails 8 pinned
# tests (both complaints, the builder's certificate, both plant-variety re-issues, the domestic
# re-issue of a mediation centre's licence, the sole telling option, one association-table test)
# and moves train 84.1 -> 84.3, 12-04 79.0 -> 80.3, 12-05 76.1 -> 76.5, keeps dev 86.6, 12-11 72.5
# (top-3 92.0 -> 93.5), dev_queries 95.3 (top-3 98.9 -> 99.5) and realistic 99.3, but the English
# dev half falls 97.8 -> 93.5 (the certificate of Vietnamese nationality and a new number plate
# put below a level sibling: an English message has no level prior now); ``--anchored=wide`` fails
# 5 (both complaints, the builder's certificate, the sole telling option, the association-table
# test), keeps the English half and realistic, moves train 84.1 -> 84.4, 12-05 76.1 -> 78.0, but
# dev 86.6 -> 85.9, dev_queries 95.3 -> 94.7 and 12-11 72.5 -> 71.5 (fitted on!). Neither shipped.
#
# 2026-12-12 as a fresh check of a refit (stop 38, "ranker" branch on 306daac; 12-12 was spent
# that day but nobody had read it): four candidates decided before any 12-12 figure, each fitted
# without it (``--leave-out=2026-12-12``), C 3 and margin 0.5 unless said, everyday weight 30 for
# the fits with the batches. CV: top-1 / top-3 over train + dev + 12-06..12-11 (1,966 questions,
# five folds by procedure), then top-1 of train / dev / the batches (top-3 of the batches);
# "pinned": tests of tests/faq and tests/handlers failed beyond the two the complaint recogniser
# already fails on 306daac; faq_accuracy --tuning yes top-1 / top-3.
#
#   candidate                CV top-1/3   train / dev / batches (top-3)  dev_queries  Eng  pinned
#   shipped file (no refit)  -            - / - / 77.0 (91.1) *          95.3 / 98.9  97.8  0
#   R0 its recipe refitted   81.6 / 93.4  91.4 / 87.9 / 76.8 (91.5)      94.7 / 98.9  93.5  7
#   R1 --spent               82.7 / 94.9  91.3 / 87.2 / 78.5 (93.7)      94.2 / 99.5  97.8  13
#   R2 --anchored=wide       82.4 / 94.2  91.6 / 87.3 / 78.0 (92.7)      94.7 / 98.9  97.8  6
#   R3 --toward, C 0.3       82.8 / 94.9  91.6 / 88.6 / 78.4 (93.6)      95.3 / 99.5  97.8  11
#
# (R1-R3 with ``--spent``; R3 pulled towards the shipped file. *: the shipped file never saw the
# batches, so its figure on them is out of sample too; R3's train and dev parts are not: its centre,
# the shipped file, was fitted on them. Eng: the own English dev half.) R2, the one failing fewest
# pinned tests (the rule set before measuring), against the shipped file in one ``faq_accuracy.py
# --tuning yes --extra batch_2026-12-12.jsonl --against HEAD`` run: 12-12 top-1 / top-3 76.5 / 95.0
# against 77.0 / 95.0 (long 65 against 70, no-diacritics 75 against 80, typo 85 against 80, every
# other style the same; complaints naming none shown procedures 59.5 % against 54.8 %). Top-3 is
# 95.0 for both (89.5 at stop 37) because the association table and the complaint recogniser were
# rebuilt with 12-12 in ``SPENT`` (306daac): the batch is fresh for the ranker only. R1 and R3 were
# not measured on it (two 12-12 figures a stop). No candidate ships: the 1-1.5 points of CV top-1
# the batches add did not show on the fresh batch for R2, and every refit fails pinned tests, most
# of them lose shared dev_queries. Why they fail, traced message by message (the weight change times
# the feature gap between the chosen and the pinned candidate): with the batches the shared kind and
# action priors still move although each batch has its own (``BATCH_PRIORS`` columns are penalised,
# so part of a batch's sampling lands in the shared weight): "only a ministry" -4.2 -> -1.3,
# foreign_unasked -2.4 -> -1.2, action_unmet -3.9 -> -2.9, amends_unasked -1.4 -> -0.4; closing a
# branch in another province goes to a ministry's foreign-element branch (+2.9 of ministry_only,
# +1.2 of foreign_unasked), both plant-variety re-issues to the first issue (+1.0 of action_unmet).
# Holding those (R2) leaves two association-table tests and four failures a refit without new data
# has too (R0, which also loses the «hóa đơn lẻ» and pension answers): the two complaints shown a
# match, the builder's certificate, the employer's unemployment insurance. These are not systematic:
# the lexical features are collinear (lexical, name_lexical, covers_name, covers_message, distinct),
# their weights sit in a flat valley (R0 moves name_lexical 2.2 -> -1.2; on train + everyday at C 3,
# ``_logistic`` reaches an objective of 833.7 where sklearn's solver stops at 843.1, with weights up
# to 1.5 apart), and the pinned answers sit within a few tenths of a point of the margin (the
# pension's right lexical second 0.40 above the first against a margin of 0.5) or of
# _COMPLAINT_CHOICE. A refit redraws that valley; pulling it towards the shipped weights (R3, an L2
# penalty on the distance to them, ``--toward``) keeps the shared dev_queries but is too weak
# against 2,000 questions to keep the knife edges.
#
# Tried for the top-1 misses where a general procedure is put above its specialised sibling the
# message names («giải thể công ty môi giới bảo hiểm», «đăng ký công ty đại chúng», «dời phòng
# giao dịch của quỹ tín dụng»): a feature "specific", the message's weight in the candidate's name
# and not in its nearest rival's (the lexical first's; for the first, the second's), over the
# message's weight (on d15fe0c, same run, CV top-1 / top-3 of ``--judge-spent`` and of ``--spent``
# at weight 30, against 80.4 / 93.1 and 82.0 / 94.0 without it). Counted for every candidate its
# weight came out negative (-1.6 / -2.7: a far candidate holding a stray word of the message that
# the first lacks is mostly wrong) and CV fell to 80.2 / 81.0 top-1; counted only when the rival's
# words of the message are a subset of the candidate's (the same procedure said more narrowly)
# +2.6 and 80.7 / 93.2 and 82.0 / 94.3 (the batches 75.8 and 78.1 top-1, dev 86.6 and 85.9, the
# left-out 2026-12-04/05 79.4 against 78.8); net of the rival's own words 80.4 and 81.9; the subset
# allowing the rival a quarter of the candidate's extra weight ("ăn" of «làm ăn» in the general
# dissolution's name broke the subset) 80.5 and 82.1. Within a question or four of 1,366 either
# way, and with the refit it needs to load the pinned tests fail as above (7 with ``--anchored``):
# not kept. Of 12-11's 56 top-1 misses (shipped file), 38 have the right answer in the top three:
# besides the qualifier (a fund's, a club's, an organisation's variant of a general name) they are
# level variants (ministry / province / commune), a scale said in numbers (a well "6.000 m3" against
# "dưới 5.000 m3") and act siblings; the 18 others share few words with the right name (a tax debt
# paid in instalments, a fire-safety suspension lifted).
#
# Leave-one-batch-out with 2026-12-06..14 (``--by-batch``, branch order14 on 934448c, issue #16
# after stop 39): each batch ordered by a model fitted on train, dev, the everyday questions and
# the eight other batches (their own priors), the learned order alone (no association table, no
# sibling step), top-1 / top-3 pooled over the 1,880 questions: lexical order 69.1 / 88.2, the
# shipped file 76.0 / 89.5; ``--spent`` C 3, margin 0.5, everyday weight 30: 77.1 / 91.7 (12-13
# 73.0 -> 75.0, 12-14 61.5 -> 63.0, 12-09 83.0 -> 82.0, 12-11 77.5 -> 77.0, 12-12 79.0 -> 78.0);
# weight 10: 77.8 / 92.4; C 1: 77.5 / 92.0; ``--anchored=wide``: 76.4 / 91.1. So the batches do
# teach something that holds on a batch nobody fitted on (about a point of top-1, two of top-3),
# unlike the stop-38 check of R2 on 12-12. Written (``--spent --C=3 --margin=0.5 --everyday=30
# --write``: "only a ministry" -4.2 -> -1.7 again, action_conflict -1.7 -> -3.1), 14 tests of
# tests/faq and tests/handlers fail: the pension paid to a bank account, "marry a Korean
# citizen", both complaints naming no procedure shown one, both mediator appointments answered
# with the dismissal, the builder's first certificate, both plant-variety re-issues, both
# groundwater-licence extensions, the Úc criminal-record option, the sole telling option, the
# employer's unemployment insurance. Not shipped; the kind and action priors the pinned answers
# sit on still move with the batches.
#
# Settings chosen on 2026-12-06..12 alone, checked on 12-13/14 (the "refit14" helper on ca180d5;
# ``--by-batch --check=2026-12-13,2026-12-14``: 12-13/14 in no fit, each tuning batch ordered by
# a model fitted on train, dev, the everyday questions and the six other tuning batches, each
# check batch by the model fitted on all seven; margin 0.5, everyday weight 30, C 3 unless said;
# top-1 / top-3 pooled; "pinned": of the 60 cases of the 11 test functions of tests/faq and
# tests/handlers in which the plain ``--spent`` refit fails 15 cases, how many fail once each is
# fitted on all nine batches and written, the association table not rebuilt; "mo": the shared
# "only a ministry" weight fitted on the seven tuning batches):
#
#   fit                                         tuning 06..12  check 13/14   pinned  mo
#   lexical order                               71.2 / 90.2    62.2 / 81.2   -       -
#   the shipped file                            78.9 / 91.4    67.2 / 83.2   0       -4.2
#   --spent (own priors penalised)              78.9 / 93.3    68.5 / 85.0   15      -2.7
#   --free-priors                               78.6 / 92.4    67.5 / 84.8   13      -3.5
#   --free-priors, everyday weight 10           79.3 / 93.0    68.0 / 85.2   9       -3.4
#   --free-priors, WIDE_ANCHOR own columns too  79.4 / 92.1    68.2 / 85.0   12      -3.4
#   --free-priors --toward shipped, C 0.3 / 1   78.5 / 92.0    68.0 / 84.2   13      -3.8
#     (C 3: 78.7 / 92.2, 67.5 / 84.5)           78.6 / 92.1    68.0 / 84.5   -       -3.8
#   the same with WIDE_ANCHOR own, C 0.3 / 1    78.6 / 91.8    67.8 / 84.0   9       -3.9
#                                               79.1 / 91.8    68.0 / 84.5   12      -3.7
#   no batch at all (train, dev, everyday;      -              -             13      -
#     the shipped recipe on today's features; everyday weight 30: 11 pinned)
#
# So on batches whose writers no fit saw, the refit's top-1 gain is nil (the +1.1 of the pooled
# leave-one-batch-out above had 12-13/14 in the fits of the others), its top-3 gain 1-2 points
# on tuning and check alike. And the pinned tests do not fail because the batches move the
# shared prior: with each batch's own prior unpenalised (``--free-priors``: the shared "only a
# ministry" is set by train, dev and the everyday questions, -3.4 to -3.9) 9-13 still fail, and a
# refit with no batch at all fails 11-13 of the same (both complaints shown a match, both
# mediator appointments, the builder's certificate, the groundwater extensions, the employer's
# unemployment insurance, «Korea» read as a nationality): they sit on the shipped weights
# themselves, which predate later changes to the features, and any refit redraws the collinear
# lexical weights under them. A refit ships only once those answers hold for a reason the
# features carry, not on the shipped weights' valley. None written. Even pulled hard to the
# shipped weights (``--free-priors --toward``, WIDE_ANCHOR own columns, C 0.03: tuning 78.4 /
# 91.4, check 67.8 / 84.5) seven cases fail: both complaints, both mediator appointments, the
# builder's certificate, both groundwater extensions. Traced: «được bầu làm hòa giải viên ở tổ
# dân phố thì ai ra quyết định công nhận» has the dismissal («thôi làm hòa giải viên») lexical
# first and the appointment («công nhận») 0.78 above it with the shipped weights, 0.37 with that
# fit, under the margin of 0.5 (lead_said +0.41, amends_unasked -0.39 of the change); the
# groundwater extension keeps its ranker first and changes in the sibling step after it. The
# pinned answers hang on the scale of the scores at the margin, _COMPLAINT_CHOICE and the
# sibling step; a refit has to re-derive those on held-out questions together with the weights.
#
# Which batches are spent is written once, in ``faq.complaint_training.SPENT``, which the
# complaint recogniser learns from as well (``faq_term_assoc.py`` reads it through this name,
# ``faq_perturb.py`` from there).
FITTED_BATCHES = tuple(HERE.parent / name for name in SPENT_BATCHES)

# What kind of procedure a candidate is, whatever the message says of it: a ministry's own,
# one citizens may file, one with a foreign element, one that amends or re-issues a paper the
# message does not say it has. How often the right answer is of each kind is how the questions
# were sampled, not how they were asked: the right answer is a ministry's own for 3-4 % of the
# questions of train, dev and the everyday ones, but for 47 % of 2026-12-06's and 16-18 % of
# 2026-12-07's and 2026-12-08's, whose writers chose procedures to cover the catalogue. Fitted
# with one weight for everyone, the batches pulled "only a ministry" from -4.2 to -1.2, and a
# mortgage release on a land certificate went to a ship's. So each fitted batch gets its own
# weight for these features (its prior: extra columns, ``_questions_and_folds``), fitted with
# the rest and left out of the shipped file, which keeps the prior of train, dev and the
# everyday questions; the batches still teach everything else (how a message matches a name).
BATCH_PRIORS = (
    "ministry_only",
    "citizen",
    "foreign_unasked",
    "amends_unasked",
    "action_unasked",
)

# --anchored=wide holds these at the fit without the batches too: what the message asks done
# (the action cues) and the level it names, where the pinned everyday answers sit
WIDE_ANCHOR = (
    "action_agree",
    "action_conflict",
    "action_unmet",
    "commune",
    "level_said",
    "foreign_agree",
    "foreign_unmet",
    "lead_missing",
)


def _rows(
    path: Path, batches: Callable[[str | None], bool] = lambda batch: True
) -> list[tuple[str, list[str]]]:
    """The procedure questions of ``path`` whose ``batch`` (None: none) ``batches`` takes."""
    out = []
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        if not batches(row.get("batch")):
            continue
        if row.get("codes") and row.get("kind", "procedure") == "procedure":
            out.append((row["q"], row["codes"]))
    return out


def _realistic() -> list[tuple[str, list[str]]]:
    return [(q, sorted(codes)) for q, codes in runpy.run_path(str(REALISTIC))["CASES"]]


def _questions(matcher: Matcher, rows: list[tuple[str, list[str]]]) -> list[Question]:
    return [q for q, _ in _questions_and_folds(matcher, rows)]


def _questions_and_folds(
    matcher: Matcher, rows: list[tuple[str, list[str]]], batch: int | None = None
) -> list[tuple[Question, int]]:
    """Each question with candidates, and its fold: the same for every question of a
    procedure. Past the features, one column per ``BATCH_PRIORS`` feature and fitted batch:
    a question of ``FITTED_BATCHES[batch]`` repeats its kind features in its batch's own
    columns (zero elsewhere), which the shipped weights leave out."""
    out = []
    kinds = [ranker.FEATURES.index(name) for name in BATCH_PRIORS]
    for text, codes in rows:
        found = matcher.candidates(text)
        if found:
            right = [owner in codes for owner, _ in found]
            fold = zlib.crc32(min(codes).encode()) % FOLDS
            features = np.array([f for _, f in found], dtype=float)
            own = np.zeros((len(found), len(FITTED_BATCHES), len(kinds)))
            if batch is not None:
                own[:, batch] = features[:, kinds]
            out.append(((right, np.hstack([features, own.reshape(len(found), -1)])), fold))
    return out


def _fold_models(
    folded: list[tuple[Question, int]], everyday: list[Question], strength: float
) -> list[np.ndarray]:
    """Per fold, the weights fitted on the other folds and the everyday questions."""
    return [
        _fit([([q for q, f in folded if f != fold], 1.0), (everyday, EVERYDAY_WEIGHT)], strength)
        for fold in range(FOLDS)
    ]


def _cross_validated(
    folded: list[tuple[Question, int]], models: list[np.ndarray], margin: float
) -> tuple:
    """Top-1 and top-3 in % of ``folded`` (train, dev and the fitted batches, or a part of
    them), each fold ordered by its model (``_fold_models``), and each fold's top-1 (their
    spread)."""
    hits = [0.0, 0.0]
    spread = []
    for fold, weights in enumerate(models):
        held = [q for q, f in folded if f == fold]
        if not held:
            continue
        shares = _top(held, weights, margin)
        for k, share in enumerate(shares):
            hits[k] += share * len(held)
        spread.append(shares[0])
    return tuple(round(h / len(folded), 1) for h in hits), spread


def _misses(
    matcher: Matcher,
    groups: list[tuple[list[tuple[str, list[str]]], int | None]],
    everyday: list[Question],
) -> None:
    """Each question (``groups``: rows, and the fitted batch they are, if one) ordered by a
    model fitted without its fold: the top-1 misses that the candidates could have answered,
    and why the model preferred the wrong one."""
    shipped = json.loads((DATA_DIR / ranker.RANKER_FILE).read_text("utf-8"))
    strength, margin = float(shipped["C"]), float(shipped["margin"])
    kb = load_knowledge()
    title = {p.code: p.name for p in kb.topics} | {a.id: a.id for a in kb.curated.values()}
    rows = [row for group, _ in groups for row in group]
    found = [(text, matcher.candidates(text), codes) for text, codes in rows]
    folded = [q for group, batch in groups for q in _questions_and_folds(matcher, group, batch)]
    listed = [(text, cands) for text, cands, _ in found if cands]
    missed = 0
    for fold in range(FOLDS):
        others = [q for q, f in folded if f != fold]
        weights = _fit([(others, 1.0), (everyday, EVERYDAY_WEIGHT)], strength)
        for (text, cands), ((right, feats), f) in zip(listed, folded, strict=True):
            if f != fold or not any(right):
                continue
            order = _order(feats, weights, margin)
            if right[order[0]]:
                continue
            missed += 1
            chosen, good = order[0], next(i for i in order if right[i])
            print(f"### {text}")
            for tag, i in (("chosen", chosen), ("right", good)):
                code = cands[i][0]
                print(f"  {tag:6} #{order.index(i) + 1} {code} {title.get(code, code)[:100]}")
            diff = (feats[chosen] - feats[good]) * weights
            biggest = np.argsort(-np.abs(diff[: len(ranker.FEATURES)]))[:6]
            print("  " + ", ".join(f"{ranker.FEATURES[k]} {diff[k]:+.2f}" for k in biggest))
    print(f"{missed} of {len(folded)} questions missed with the right one among the candidates")


def _pairs(questions: list[Question], weight: float) -> tuple[list, list, list]:
    xs, ys, ws = [], [], []
    for right, rows in questions:
        good = [i for i, r in enumerate(right) if r]
        bad = [i for i, r in enumerate(right) if not r]
        for g in good:
            for b in bad:
                diff = rows[g] - rows[b]
                xs += [diff, -diff]
                ys += [1, 0]
                ws += [weight / (len(good) * len(bad))] * 2
    return xs, ys, ws


def _fit(
    sets: list[tuple[list[Question], float]], strength: float, own: bool = False
) -> np.ndarray:
    """The pairwise model's weights; the fitted batches' own priors (``BATCH_PRIORS``) set to
    zero unless ``own``: what the matcher would weigh."""
    xs, ys, ws = [], [], []
    for questions, weight in sets:
        x, y, w = _pairs(questions, weight)
        xs += x
        ys += y
        ws += w
    weights = np.array(ws)
    if ANCHORED and any(id(q) in SPENT for questions, _ in sets for q in questions):
        # the kind priors as the questions without the batches set them, the rest fitted on all
        anchor = _fit(
            [([q for q in questions if id(q) not in SPENT], w) for questions, w in sets], strength
        )
        fixed = np.zeros(len(anchor), bool)
        fixed[[ranker.FEATURES.index(name) for name in (*BATCH_PRIORS, *ANCHORED_TOO)]] = True
        fitted = _logistic(np.array(xs), np.array(ys), weights, strength, anchor, fixed)
    elif TOWARD is not None or FREE_PRIORS:
        centre = np.zeros(len(xs[0]))
        if TOWARD is not None:
            centre[: len(TOWARD)] = TOWARD
        held = np.zeros(len(centre), bool)
        fitted = _logistic(
            np.array(xs), np.array(ys), weights, strength, centre, held, centre, _own_unpenalised()
        )
    else:
        model = LogisticRegression(C=strength, fit_intercept=False, max_iter=5000)
        model.fit(np.array(xs), np.array(ys), sample_weight=weights * len(weights) / weights.sum())
        fitted = np.asarray(model.coef_[0])
    if not own:
        fitted[len(ranker.FEATURES) :] = 0.0
    return fitted


def _logistic(
    xs: np.ndarray,
    ys: np.ndarray,
    weights: np.ndarray,
    strength: float,
    start: np.ndarray,
    fixed: np.ndarray,
    centre: np.ndarray | None = None,
    penalised: np.ndarray | None = None,
) -> np.ndarray:
    """sklearn's L2 logistic regression without intercept (same objective and sample-weight
    scaling), with the ``fixed`` columns held at ``start``'s values and not penalised, the
    penalty on the distance to ``centre`` (None: to 0) and only on the ``penalised`` columns
    (None: all)."""
    from scipy.optimize import minimize

    signs = 2.0 * ys - 1.0
    scale = weights * len(weights) / weights.sum()
    offset = xs[:, fixed] @ start[fixed]
    free = xs[:, ~fixed]
    pull = np.zeros(free.shape[1]) if centre is None else centre[~fixed]
    keep = np.ones(free.shape[1]) if penalised is None else penalised[~fixed].astype(float)

    def loss(beta: np.ndarray) -> tuple[float, np.ndarray]:
        margin = signs * (free @ beta + offset)
        away = beta - pull
        value = 0.5 * float(away @ (keep * away))
        value += strength * float(scale @ np.logaddexp(0.0, -margin))
        grad = keep * away - strength * free.T @ (scale * signs / (1.0 + np.exp(margin)))
        return value, grad

    found = minimize(loss, start[~fixed], jac=True, method="L-BFGS-B", options={"maxiter": 5000})
    out = start.copy()
    out[~fixed] = found.x
    return out


def _own_unpenalised() -> np.ndarray:
    """The columns the penalty weighs: all but the fitted batches' own priors with
    ``--free-priors``. Penalised, a batch's own weight is shrunk and the shared one takes part of
    its writer's choice of procedures; unpenalised, the own columns take all of it and the shared
    prior is set by the questions of no batch (train, dev, the everyday ones)."""
    width = len(ranker.FEATURES) + len(FITTED_BATCHES) * len(BATCH_PRIORS)
    out = np.ones(width, bool)
    if FREE_PRIORS:
        out[len(ranker.FEATURES) :] = False
    return out


def _order(rows: np.ndarray, weights: np.ndarray, margin: float | None) -> list[int]:
    """As the matcher orders: by the model, the lexical first kept first within the margin
    (``None``: the lexical order)."""
    if margin is None:
        return list(range(len(rows)))
    return ranker.Ranker(tuple(weights.tolist()), margin).order(rows @ weights)


def _top(questions: list[Question], weights: np.ndarray, margin: float | None) -> tuple:
    """Top-1 and top-3 in % (over all questions, also those with no right candidate)."""
    hits = [0, 0]
    for right, rows in questions:
        order = _order(rows, weights, margin)
        hits[0] += right[order[0]]
        hits[1] += any(right[i] for i in order[:3])
    return tuple(round(100 * h / len(questions), 1) for h in hits)


def _by_batch(
    by_batch: dict[Path, list[tuple[Question, int]]],
    base: list[Question],
    everyday: list[Question],
    strengths: tuple[float, ...],
    margins: tuple[float, ...],
    check: frozenset[str] = frozenset(),
) -> None:
    """Each spent batch ordered by a model fitted on everything but it (``base``: train and
    dev, the other batches, the everyday questions), against the shipped file and the lexical
    order: how a refit with the batches does on a batch nobody fitted on, the honest figure
    (the five folds by procedure of ``--cv`` share each batch's writer between fit and test).
    The learned order alone: the association table and the sibling step come after it. The
    batches ``check`` names (``--check=DATE,…``) are fitted on by none and ordered by the model
    fitted on all the others, pooled apart: settings chosen on the rest are checked there."""
    shipped = json.loads((DATA_DIR / ranker.RANKER_FILE).read_text("utf-8"))
    width = len(ranker.FEATURES) + len(FITTED_BATCHES) * len(BATCH_PRIORS)
    file = np.zeros(width)
    file[: len(ranker.FEATURES)] = shipped["weights"]
    totals: dict[str, list[float]] = {}
    for strength in strengths:
        for path, held in by_batch.items():
            its = [q for q, _ in held]
            checked = path.stem.removeprefix("batch_") in check
            others = [
                q
                for other, qs in by_batch.items()
                if other != path and other.stem.removeprefix("batch_") not in check
                for q, _ in qs
            ]
            SPENT.clear()
            SPENT.update(id(q) for q in others)
            weights = _fit([(base + others, 1.0), (everyday, EVERYDAY_WEIGHT)], strength)
            found = {
                "lexical": _top(its, np.zeros(width), None),
                "shipped": _top(its, file, float(shipped.get("margin", 0.0))),
                **{f"C={strength} margin={m}": _top(its, weights, m) for m in margins},
            }
            print(f"{path.stem} ({len(its)}):", "; ".join(f"{k} {v}" for k, v in found.items()))
            for key, (one, three) in found.items():
                total = totals.setdefault(("check " if checked else "") + key, [0.0, 0.0, 0.0])
                total[0] += one * len(its)
                total[1] += three * len(its)
                total[2] += len(its)
    for key, (one, three, n) in totals.items():
        print(f"pooled {key}: {one / n:.1f} / {three / n:.1f} (top-1 / top-3 %)")


def _setting(argv: list[str], flag: str) -> float | None:
    """The value of ``--flag=value`` in ``argv``, if given."""
    for arg in argv:
        if arg.startswith(f"--{flag}="):
            return float(arg.split("=", 1)[1])
    return None


def main(argv: list[str]) -> int:
    global EVERYDAY_WEIGHT, ANCHORED, ANCHORED_TOO, TOWARD, FREE_PRIORS
    # --C=, --margin=, --everyday=: fit at that setting instead of choosing one
    forced_c, forced_margin = _setting(argv, "C"), _setting(argv, "margin")
    EVERYDAY_WEIGHT = _setting(argv, "everyday") or EVERYDAY_WEIGHT
    strengths = (forced_c,) if forced_c is not None else STRENGTHS
    margins = (forced_margin,) if forced_margin is not None else MARGINS
    matcher = Matcher.from_knowledge(load_knowledge())
    folded = _questions_and_folds(matcher, _rows(EVAL / "train.jsonl", lambda b: b not in LEFT_OUT))
    # --fit-all: the left-out batches are fitted on too; --cv then reports them apart, each
    # question ordered by a model whose folds never held its procedure
    batches = _questions_and_folds(
        matcher, _rows(EVAL / "train.jsonl", lambda b: b in LEFT_OUT and "--fit-all" in argv)
    )
    folded += batches
    # --spent: the spent batches are fitted on too (the shipped file is the fit without them);
    # --judge-spent: they are only judged (in --cv), the fit is the shipped recipe's
    judge_only = "--judge-spent" in argv
    # --leave-out=2026-12-12,…: these spent batches neither fitted nor judged (a fresh check)
    kept_out = {d for arg in argv if arg.startswith("--leave-out=") for d in arg[12:].split(",")}
    unknown = kept_out - {path.stem.removeprefix("batch_") for path in FITTED_BATCHES}
    if unknown:  # a mistyped date would leave nothing out, and the "fresh" check be fitted on
        raise SystemExit(f"--leave-out: no spent batch {', '.join(sorted(unknown))}")
    spent_paths = tuple(
        path
        for path in (FITTED_BATCHES if "--spent" in argv or judge_only else ())
        if path.stem.removeprefix("batch_") not in kept_out
    )
    by_batch = {
        path: _questions_and_folds(matcher, _rows(path), FITTED_BATCHES.index(path))
        for path in spent_paths
    }
    spent = [q for questions in by_batch.values() for q in questions]
    parts = {"train": folded[:], "dev": [], "spent": spent}
    ANCHORED = any(arg.startswith("--anchored") for arg in argv)
    FREE_PRIORS = "--free-priors" in argv
    for arg in argv:
        if arg.startswith("--toward="):
            prior = json.loads(Path(arg[9:]).read_text("utf-8"))
            assert prior["features"] == list(ranker.FEATURES), "a prior of other features"
            TOWARD = np.array(prior["weights"], dtype=float)
    if "--anchored=wide" in argv:
        ANCHORED_TOO = WIDE_ANCHOR
    SPENT.update(id(q) for q, _ in spent)
    train = [q for q, _ in folded] + ([] if judge_only else [q for q, _ in spent])
    folded += spent
    dev_folded = _questions_and_folds(matcher, _rows(EVAL / "dev.jsonl"))
    dev = [q for q, _ in dev_folded]
    parts["dev"] = dev_folded
    folded += dev_folded
    everyday = _questions(matcher, _rows(EVERYDAY) + _realistic())
    if "--by-batch" in argv:
        named = [arg[8:].split(",") for arg in argv if arg.startswith("--check=")]
        checked = frozenset(date for dates in named for date in dates)
        _by_batch(
            by_batch, [q for q, _ in parts["train"]] + dev, everyday, strengths, margins, checked
        )
        return 0
    if "--misses" in argv:
        fitted = [(_rows(path), FITTED_BATCHES.index(path)) for path in spent_paths]
        train_rows = _rows(EVAL / "train.jsonl")
        _misses(matcher, [(train_rows, None), *fitted, (_rows(EVAL / "dev.jsonl"), None)], everyday)
        return 0
    reach = [sum(any(r) for r, _ in qs) / len(qs) for qs in (train, dev)]
    print(f"right answer among the candidates: train {reach[0]:.3f}, dev {reach[1]:.3f}")
    none = np.zeros(len(ranker.FEATURES) + len(FITTED_BATCHES) * len(BATCH_PRIORS))
    floor = _top(everyday, none, None)
    print(f"lexical order: train {_top(train, none, None)}", end="")
    print(f" dev {_top(dev, none, None)}", end="")
    if spent:
        print(f" of which spent {_top([q for q, _ in spent], none, None)}", end="")
    print(f" everyday {floor} (top-1, top-3 %)")
    halves = everyday[::2], everyday[1::2]
    left = _rows(EVAL / "train.jsonl", lambda b: b in LEFT_OUT and "--fit-all" not in argv)
    check = _questions(matcher, left) if left else []
    best: tuple[float, float, float] = (-1.0, 0.0, 0.0)
    for strength in strengths:
        weights = _fit([(train, 1.0), (everyday, EVERYDAY_WEIGHT)], strength)
        # the everyday questions are judged by models that did not see them: two folds
        folds = [_fit([(train, 1.0), (half, EVERYDAY_WEIGHT)], strength) for half in halves]
        fitting = [pair for pair in folded if not (judge_only and any(pair is s for s in spent))]
        models = _fold_models(fitting, everyday, strength) if "--cv" in argv else []
        # what the shipped fit (train and dev) would do on the batches it never saw
        shipped = (
            _fit([(train + dev, 1.0), (everyday, EVERYDAY_WEIGHT)], strength) if check else None
        )
        for margin in margins:
            here = _top(dev, weights, margin)
            kept = tuple(
                round((a * len(halves[1]) + b * len(halves[0])) / len(everyday), 1)
                for a, b in zip(
                    _top(halves[1], folds[0], margin),
                    _top(halves[0], folds[1], margin),
                    strict=True,
                )
            )
            print(f"C={strength} margin={margin}: train {_top(train, weights, margin)}", end="")
            print(f" dev {here} everyday {kept}", end="")
            if models:
                here, spread = _cross_validated(folded, models, margin)
                print(f" cv {here} folds' top-1 {' '.join(f'{s:.0f}' for s in spread)}", end="")
                for part, held in parts.items():
                    if held:  # "spent" is empty without --spent
                        print(f" {part} {_cross_validated(held, models, margin)[0]}", end="")
                if batches:
                    print(
                        f" of which the batches {_cross_validated(batches, models, margin)[0]}",
                        end="",
                    )
            if shipped is not None:
                print(f" left-out {_top(check, shipped, margin)}", end="")
            print()
            if all(k >= f for k, f in zip(kept, floor, strict=True)) or forced_c is not None:
                # both kinds of question count alike, as in the held-out sets
                score = here[0] + 0.5 * here[1] + kept[0] + 0.5 * kept[1]
                best = max(best, (round(score, 6), -margin, -strength))
    _, margin, strength = best[0], -best[1], -best[2]
    print(f"chosen: C={strength}, margin={margin}")
    weights = _fit([(train + dev, 1.0), (everyday, EVERYDAY_WEIGHT)], strength, own=True)
    for name, w in zip(ranker.FEATURES, weights, strict=False):
        print(f"  {name:16} {w:+.3f}")
    for path in spent_paths:
        at = len(ranker.FEATURES) + FITTED_BATCHES.index(path) * len(BATCH_PRIORS)
        print(f"  {path.stem}'s own prior, beyond those: ", end="")
        print(", ".join(f"{k} {w:+.2f}" for k, w in zip(BATCH_PRIORS, weights[at:], strict=False)))
    weights[len(ranker.FEATURES) :] = 0.0  # as shipped: the everyday questions' prior alone
    for batch in sorted(LEFT_OUT) if check else ():
        its = _questions(matcher, _rows(EVAL / "train.jsonl", partial(eq, batch)))
        print(f"left-out batch {batch} ({len(its)} questions, never fitted on):", end="")
        print(f" lexical order {_top(its, none, None)}, the chosen model", end="")
        print(f" {_top(its, weights, margin)}")
    if "--write" in argv:
        note: dict[str, object] = {
            "C": strength,
            "everyday_weight": EVERYDAY_WEIGHT,
            "chosen_by": "cross-validation" if "--cv" in argv else "dev.jsonl",
            "fitted_on": [
                "train.jsonl",
                *(p.name for p in spent_paths if not judge_only),
                "dev.jsonl",
                "faq_own_queries.jsonl",
                "realistic",
            ],
        }
        shipped = weights[: len(ranker.FEATURES)].tolist()
        print("wrote", ranker.write(DATA_DIR, shipped, margin, note))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
