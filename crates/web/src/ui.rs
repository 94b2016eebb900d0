//! The page's own words (buttons, headings, messages), English and Chinese, keyed. The
//! protocol explanations come from the engine's message table (`wiretrace_core::i18n`).
//!
//! Rule for accessible names: they follow the UI language, like the visible text (a
//! Chinese screen-reader user hears Chinese). End-to-end tests run in English, where the
//! names are exactly `Play`, `Pause`, `Step forward`, `Step back`.

use wiretrace_core::i18n::{fill, Lang};

/// A UI string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum T {
    Tagline,
    Play,
    Pause,
    StepForward,
    StepBack,
    Restart,
    Speed,
    Scenario,
    NoScenarios,
    Numbers,
    Absolute,
    Relative,
    Timers,
    Language,
    OtherLanguage,
    Diagram,
    Explanation,
    SegmentLog,
    SegmentLogCaption,
    ColNo,
    ColTime,
    ColFromTo,
    ColFlags,
    ColSeq,
    ColAck,
    ColLen,
    ColInfo,
    GoToSegment,
    StepOf,
    AtStart,
    StartHint,
    StateChanges,
    NoStateChange,
    NumbersMoved,
    NextSeq,
    Window,
    WindowUnknown,
    Options,
    Lost,
    LostMiddlebox,
    InFlight,
    Duplicate,
    Reordered,
    TimersLinked,
    ReadRfc,
    Dismiss,
    LinkProblem,
    EmptyRun,
    CurrentStates,
    Finished,
    KeyboardHint,
    ImportedFrom,
    Zoom,
    Predict,
    QuizOn,
    QuizTitle,
    QuizScore,
    QuizAck,
    QuizSeq,
    QuizState,
    QuizCheck,
    QuizShow,
    QuizRight,
    QuizWrong,
    QuizAnswer,
    QuizContinue,
    ImportOpen,
    ImportHint,
    ImportScanning,
    ImportDrawing,
    ImportPick,
    ImportDraw,
    ImportPickOne,
    ImportRange,
    ImportFrom,
    ImportTo,
    ImportSeconds,
    ImportSpan,
    ImportRangeBad,
    ImportRangeOrder,
    ImportNoneChosen,
    ImportOverCap,
    ImportCapped,
    Export,
    Parameters,
    ParamHint,
    ResetParams,
    Default,
    Summary,
    SumConnections,
    SumSegments,
    SumBytes,
    SumTime,
    SumRetransmissions,
    SumLost,
    SumHttp,
    ZoomIn,
    ZoomOut,
    ZoomFit,
    EventsSince,
    EventsAtStart,
    EventTag,
    GoToStep,
    AboutScenario,
    Results,
    SumFlows,
    ColWay,
    ColPages,
    ColTotal,
    ColRoundTrips,
    ColConns,
    ColSegs,
    ColBytes,
    ColItems,
    ColMean,
    ColWorst,
    ColRequests,
    ScrollHint,
    Figure,
    FilesArea,
}

/// The text of a key in a language.
pub fn t(lang: Lang, key: T) -> &'static str {
    let (en, zh) = match key {
        T::Tagline => (
            "TCP and HTTP, segment by segment",
            "逐个报文段看懂 TCP 与 HTTP",
        ),
        T::Play => ("Play", "播放"),
        T::Pause => ("Pause", "暂停"),
        T::StepForward => ("Step forward", "下一步"),
        T::StepBack => ("Step back", "上一步"),
        T::Restart => ("Restart", "从头开始"),
        T::Speed => ("Speed", "速度"),
        T::Scenario => ("Scenario", "场景"),
        T::NoScenarios => ("No scenarios available", "暂无可用场景"),
        T::Numbers => ("Numbers", "序号"),
        T::Absolute => ("Absolute", "绝对"),
        T::Relative => ("Relative", "相对"),
        T::Timers => ("Timers", "计时器"),
        T::Language => ("Language", "语言"),
        T::OtherLanguage => ("中文", "English"),
        T::Diagram => ("Sequence diagram", "时序图"),
        T::Explanation => ("What is happening", "正在发生什么"),
        T::SegmentLog => ("Segment log", "报文段记录"),
        T::SegmentLogCaption => (
            "Every segment in the order it was sent. Select a row to jump to it.",
            "按发送顺序列出的全部报文段。选择一行即可跳转到该步。",
        ),
        T::ColNo => ("#", "#"),
        T::ColTime => ("Time", "时间"),
        T::ColFromTo => ("From → To", "发送 → 接收"),
        T::ColFlags => ("Flags", "标志"),
        T::ColSeq => ("Seq", "序号"),
        T::ColAck => ("Ack", "确认号"),
        T::ColLen => ("Len", "长度"),
        T::ColInfo => ("Info", "说明"),
        T::GoToSegment => ("Go to segment #{n}", "跳到报文段 #{n}"),
        T::StepOf => ("Step {n} of {total}", "第 {n} 步，共 {total} 步"),
        T::AtStart => ("Start", "开始"),
        T::StartHint => (
            "Press Play, or → to go one segment at a time.",
            "按“播放”，或按 → 键逐个报文段前进。",
        ),
        T::StateChanges => ("State changes", "状态变化"),
        T::NoStateChange => ("No state changes.", "状态没有变化。"),
        T::NumbersMoved => ("Numbers", "数字"),
        T::NextSeq => ("next seq", "下一个序号"),
        T::Window => ("window", "窗口"),
        T::WindowUnknown => ("not in the capture", "抓包中未记录"),
        T::Options => ("options", "选项"),
        T::Lost => (
            "This segment was lost on the way and never arrived.",
            "这个报文段在途中丢失，没有到达。",
        ),
        T::LostMiddlebox => (
            "A middlebox on the path discarded this segment.",
            "路径上的中间设备丢弃了这个报文段。",
        ),
        T::InFlight => (
            "Still travelling when the run ended.",
            "运行结束时仍在途中。",
        ),
        T::Duplicate => (
            "A copy made by the network: it arrives a second time.",
            "网络复制出的副本：它会再到达一次。",
        ),
        T::Reordered => (
            "Arrived after a segment sent later than it.",
            "比它后发送的报文段先到达了。",
        ),
        T::TimersLinked => ("Timers", "计时器"),
        T::ReadRfc => ("Read {rfc}", "阅读 {rfc}"),
        T::Dismiss => ("Dismiss", "关闭"),
        T::LinkProblem => ("This link has a problem: {what}", "链接有误：{what}"),
        T::EmptyRun => (
            "Nothing to show yet: this run has no segments.",
            "暂无内容：本次运行没有报文段。",
        ),
        T::CurrentStates => ("States now", "当前状态"),
        T::Finished => ("End of the run.", "运行结束。"),
        T::KeyboardHint => (
            "Keys: Space play/pause · ← → step · in the figure: ↑ ↓ scroll, Shift+← → sideways",
            "快捷键：空格 播放/暂停 · ← → 单步 · 在图中：↑ ↓ 滚动，Shift+← → 左右滚动",
        ),
        T::ImportedFrom => ("Imported from {name}", "导入自 {name}"),
        T::Zoom => ("Zoom", "缩放"),
        T::Predict => ("Predict", "预测模式"),
        T::QuizOn => (
            "Predict mode: the player stops before key segments and asks what comes next.",
            "预测模式：播放器会在关键报文段之前暂停，请你先预测。",
        ),
        T::QuizTitle => ("Your prediction", "你的预测"),
        T::QuizScore => ("{right} of {asked} right", "答对 {right} / {asked}"),
        T::QuizAck => (
            "What acknowledgment number will {who} send next?",
            "{who} 接下来发送的确认号是多少？",
        ),
        T::QuizSeq => (
            "What sequence number will {who}'s next segment carry?",
            "{who} 下一个报文段的序号是多少？",
        ),
        T::QuizState => (
            "Which state will {who} be in once the next segment has done its work?",
            "下一个报文段处理完之后，{who} 处于什么状态？",
        ),
        T::QuizCheck => ("Check", "核对"),
        T::QuizShow => ("Show me", "直接看答案"),
        T::QuizRight => ("Right: {answer}.", "答对了：{answer}。"),
        T::QuizWrong => (
            "Not quite: you said {given}, the trace says {answer}.",
            "不对：你的答案是 {given}，实际是 {answer}。",
        ),
        T::QuizAnswer => ("The answer: {answer}.", "答案：{answer}。"),
        T::QuizContinue => ("Continue", "继续"),
        T::ImportOpen => ("Open a capture…", "打开抓包文件…"),
        T::ImportHint => (
            "pcap, pcapng, tcpdump text or a Trace JSON; or drop the file here.",
            "支持 pcap、pcapng、tcpdump 文本或 Trace JSON；也可以把文件拖到这里。",
        ),
        T::ImportScanning => ("Reading {name}", "正在读取 {name}"),
        T::ImportDrawing => ("Drawing {name}", "正在绘制 {name}"),
        T::ImportPick => (
            "{name} holds {n} connections. Choose the ones to draw:",
            "{name} 中有 {n} 个连接。选择要绘制的连接：",
        ),
        T::ImportDraw => ("Draw them", "绘制"),
        T::ImportPickOne => (
            "{name} holds 1 connection of {n} packets, more than the {cap} segments one drawing keeps. Choose a time range to draw:",
            "{name} 中有 1 个连接，共 {n} 个包，超过一次绘制最多保留的 {cap} 个报文段。选择要绘制的时间范围：",
        ),
        T::ImportRange => (
            "Time range, in seconds after the first packet (the capture lasts {end} s):",
            "时间范围，单位为秒，从第一个包算起（整个抓包共 {end} 秒）：",
        ),
        T::ImportFrom => ("From", "起始"),
        T::ImportTo => ("To", "结束"),
        T::ImportSeconds => ("s", "秒"),
        T::ImportSpan => ("{from}–{to} s", "{from}–{to} 秒"),
        T::ImportRangeBad => (
            "{field} must be a number of seconds from 0 to {end}.",
            "{field}必须是 0 到 {end} 之间的秒数。",
        ),
        T::ImportRangeOrder => (
            "From must be less than To: choose From from 0 up to (not including) {to}, or a later To (up to {end}).",
            "起始必须小于结束：起始可取 0 到 {to}（不含 {to}），或者把结束改晚（最多 {end}）。",
        ),
        T::ImportNoneChosen => (
            "Choose at least one connection to draw.",
            "请至少选择一个要绘制的连接。",
        ),
        T::ImportOverCap => (
            "The chosen connections hold {n} packets: a drawing keeps the first {cap} segments of the time range and counts the rest. Choose fewer connections or a shorter range to see them all.",
            "所选连接共有 {n} 个包：一次绘制只保留时间范围内的前 {cap} 个报文段，其余只计数。选择更少的连接或更短的时间范围即可全部看到。",
        ),
        T::ImportCapped => (
            "Only the first {kept} segments are drawn: {left} more were left out (the cap of one drawing). Open the file again and choose a shorter time range or fewer connections to see them.",
            "只绘制了前 {kept} 个报文段：另有 {left} 个未绘制（一次绘制的上限）。重新打开文件，选择更短的时间范围或更少的连接即可看到它们。",
        ),
        T::Export => ("Download", "下载"),
        T::Parameters => ("Parameters", "参数"),
        T::ParamHint => (
            "Change a value and the run plays again with it. The link keeps it.",
            "修改任意数值，场景会立即按新值重新运行；链接会记住它。",
        ),
        T::ResetParams => ("Back to the defaults", "恢复默认值"),
        T::Default => ("default", "默认"),
        T::Summary => ("Summary of the run", "本次运行小结"),
        T::SumConnections => ("connections opened", "建立的连接"),
        T::SumSegments => ("segments", "报文段"),
        T::SumBytes => ("payload bytes", "载荷字节"),
        T::SumTime => ("total time", "总时长"),
        T::SumRetransmissions => ("retransmissions", "重传"),
        T::SumLost => ("lost on the way", "途中丢失"),
        T::SumHttp => ("HTTP messages", "HTTP 报文"),
        T::ZoomIn => ("Zoom in", "放大"),
        T::ZoomOut => ("Zoom out", "缩小"),
        T::ZoomFit => ("Fit", "适应宽度"),
        T::EventsSince => ("Since the previous step", "上一步以来"),
        T::EventsAtStart => ("At the start", "开始时"),
        T::EventTag => ("event", "事件"),
        T::GoToStep => ("Go to step {n}", "跳到第 {n} 步"),
        T::AboutScenario => ("About this scenario", "关于这个场景"),
        T::Results => ("How they compare", "对比结果"),
        T::SumFlows => ("UDP flows", "UDP 流"),
        T::ColWay => ("Way", "方式"),
        T::ColPages => ("Pages", "页面"),
        T::ColTotal => ("Time", "用时"),
        T::ColRoundTrips => ("Round trips", "往返"),
        T::ColConns => ("Connections", "连接"),
        T::ColSegs => ("Segments", "报文段"),
        T::ColBytes => ("Payload bytes", "载荷字节"),
        T::ColItems => ("Items", "消息"),
        T::ColMean => ("Mean delay", "平均延迟"),
        T::ColWorst => ("Worst delay", "最大延迟"),
        T::ColRequests => ("Requests", "请求"),
        T::ScrollHint => (
            "The figure is wider than the screen: scroll it sideways.",
            "图比屏幕宽：可以左右滑动查看。",
        ),
        T::Figure => ("Figure", "图"),
        T::FilesArea => ("Download and open", "下载与打开"),
    };
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// A UI string with `{name}` arguments filled in.
pub fn tf(lang: Lang, key: T, args: &[(&str, &str)]) -> String {
    fill(t(lang, key), |name| {
        args.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_hooks_keep_their_english_names() {
        assert_eq!(t(Lang::En, T::Play), "Play");
        assert_eq!(t(Lang::En, T::Pause), "Pause");
        assert_eq!(t(Lang::En, T::StepForward), "Step forward");
        assert_eq!(t(Lang::En, T::StepBack), "Step back");
    }

    #[test]
    fn arguments_are_filled_in_both_languages() {
        for lang in [Lang::En, Lang::Zh] {
            let s = tf(lang, T::StepOf, &[("n", "3"), ("total", "10")]);
            assert!(s.contains('3') && s.contains("10"), "{s}");
        }
    }
}
