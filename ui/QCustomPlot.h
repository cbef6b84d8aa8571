#pragma once
// Include QCustomPlot through this header only. Every target is built with
// QT_NO_KEYWORDS (Torch's `slots` clashes with Qt's), but qcustomplot.h is written with
// the `signals` and `foreach` keywords; map them to the Q_ macros for its declarations.
#pragma push_macro("signals")
#pragma push_macro("slots")
#pragma push_macro("emit")
#pragma push_macro("foreach")
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#pragma pop_macro("foreach")
#pragma pop_macro("emit")
#pragma pop_macro("slots")
#pragma pop_macro("signals")
