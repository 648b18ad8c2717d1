using System.Globalization;
using System.Net;
using System.Text;

namespace CaptioningKit.Display;

/// <summary>An SVG drawing shown as HTML in a notebook (and embeddable in a page).</summary>
public sealed class SvgView(string svg, string title) : IHtmlView
{
    public string Svg { get; } = svg;
    public string Title { get; } = title;
    public string ToNotebookHtml() => ToFragmentHtml();
    public string ToFragmentHtml() => $"<figure style=\"margin:4px 0\">{Svg}<figcaption style=\"font-size:12px;color:#555\">{WebUtility.HtmlEncode(Title)}</figcaption></figure>";
}

/// <summary>The sizes a captioner diagram is drawn with (plain numbers: Display knows no model).</summary>
/// <param name="Encoder">the encoder's name.</param>
/// <param name="ImageWidth">the encoder's input width.</param>
/// <param name="ImageHeight">the encoder's input height.</param>
/// <param name="GridRows">rows of the encoder's grid.</param>
/// <param name="GridColumns">columns of the encoder's grid.</param>
/// <param name="EncoderChannels">channels the encoder outputs per cell.</param>
/// <param name="PositionChannels">channels appended for each cell's position (0 or 2).</param>
/// <param name="AttentionDim">size of the attention space.</param>
/// <param name="HiddenDim">size of the recurrent state.</param>
/// <param name="EmbeddingDim">size of a word vector.</param>
/// <param name="VocabSize">words the decoder scores.</param>
/// <param name="Gate">whether the context is gated by sigmoid(f_beta(h)).</param>
/// <param name="Cell">"LSTM" or "GRU".</param>
public sealed record DiagramSizes(string Encoder, int ImageWidth, int ImageHeight, int GridRows, int GridColumns, int EncoderChannels,
    int PositionChannels, int AttentionDim, int HiddenDim, int EmbeddingDim, int VocabSize, bool Gate, string Cell)
{
    public int Pixels => GridRows * GridColumns;
    public int Channels => EncoderChannels + PositionChannels;
}

/// <summary>One node of a beam-search tree: the word a beam appended at <see cref="Step"/>, its total log-probability,
/// and the node it extends (<see cref="Parent"/>: an index into the same list, -1 for the start).</summary>
public sealed record BeamTreeNode(int Step, int Beam, string Word, double Score, int Parent, bool Finished, bool OnBestPath);

/// <summary>
/// Diagrams of the captioner drawn as SVG from its sizes: the whole model, and one unrolled decoder step with the shape
/// of every tensor. Nothing is an image file; every label comes from the sizes given.
/// </summary>
public static class Diagrams
{
    const string Font = "font-family=\"Segoe UI, Helvetica, Arial, sans-serif\"";

    sealed class Svg(int width, int height)
    {
        readonly StringBuilder _sb = new();
        public static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        public void Box(double x, double y, double w, double h, string fill, params string[] lines)
        {
            _sb.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(w)}\" height=\"{F(h)}\" rx=\"6\" fill=\"{fill}\" stroke=\"#444\"/>");
            var lineHeight = 15.0;
            var top = y + h / 2 - (lines.Length - 1) * lineHeight / 2 + 4;
            for (int i = 0; i < lines.Length; i++)
                Text(x + w / 2, top + i * lineHeight, lines[i], i == 0 ? 13 : 11.5, i == 0 ? "bold" : "normal");
        }

        public void Text(double x, double y, string text, double size = 12, string weight = "normal", string anchor = "middle", string fill = "#222") =>
            _sb.Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" {Font} font-size=\"{F(size)}\" font-weight=\"{weight}\" text-anchor=\"{anchor}\" fill=\"{fill}\">{WebUtility.HtmlEncode(text)}</text>");

        public void Arrow(double x1, double y1, double x2, double y2, bool dashed = false, string label = "", string colour = "#333")
        {
            _sb.Append($"<line x1=\"{F(x1)}\" y1=\"{F(y1)}\" x2=\"{F(x2)}\" y2=\"{F(y2)}\" stroke=\"{colour}\" stroke-width=\"1.6\" marker-end=\"url(#arrow)\"{(dashed ? " stroke-dasharray=\"5,4\"" : "")}/>");
            if (label.Length > 0) Text((x1 + x2) / 2, (y1 + y2) / 2 - 5, label, 11, fill: "#555");
        }

        public void Path(string d, bool dashed = false) =>
            _sb.Append($"<path d=\"{d}\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.6\" marker-end=\"url(#arrow)\"{(dashed ? " stroke-dasharray=\"5,4\"" : "")}/>");

        public void Line(double x1, double y1, double x2, double y2, string colour, double width) =>
            _sb.Append($"<line x1=\"{F(x1)}\" y1=\"{F(y1)}\" x2=\"{F(x2)}\" y2=\"{F(y2)}\" stroke=\"{colour}\" stroke-width=\"{F(width)}\"/>");

        public void Rect(double x, double y, double w, double h, string fill) =>
            _sb.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(w)}\" height=\"{F(h)}\" rx=\"8\" fill=\"{fill}\" stroke=\"#444\"/>");

        public void Cell(double x, double y, double size, string fill) =>
            _sb.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(size)}\" height=\"{F(size)}\" fill=\"{fill}\" stroke=\"#777\" stroke-width=\"0.5\"/>");

        public override string ToString() =>
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">" +
            "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>" +
            $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>" + _sb + "</svg>";
    }

    /// <summary>The whole captioner: image, encoder, grid of annotation vectors, attention, recurrent cell, word.</summary>
    public static SvgView Model(DiagramSizes s)
    {
        var svg = new Svg(1000, 330);
        svg.Text(500, 22, "The captioner: encoder once per image, then one decoder step per word", 15, "bold");
        // image
        svg.Box(15, 120, 95, 80, "#f3f3f3", "image", $"3 x {s.ImageHeight} x {s.ImageWidth}");
        svg.Arrow(110, 160, 140, 160);
        svg.Box(140, 120, 110, 80, "#dfe9f7", "encoder", s.Encoder, "CNN, runs once");
        svg.Arrow(250, 160, 280, 160);
        // grid of cells
        var side = Math.Min(100.0 / s.GridColumns, 100.0 / s.GridRows);
        var (gx, gy) = (282.0, 110.0 + (100 - side * s.GridRows) / 2);
        for (int r = 0; r < s.GridRows; r++)
            for (int c = 0; c < s.GridColumns; c++)
                svg.Cell(gx + c * side, gy + r * side, side, (r * 7 + c * 3) % 5 == 0 ? "#b7cff0" : "#e8eef8");
        var gridRight = gx + side * s.GridColumns;
        svg.Text(gx + side * s.GridColumns / 2, 232, $"{s.GridRows} x {s.GridColumns} = {s.Pixels} vectors f_i", 11.5);
        svg.Text(gx + side * s.GridColumns / 2, 247, $"{s.EncoderChannels}{(s.PositionChannels > 0 ? $" + {s.PositionChannels} position" : "")} channels", 11.5);
        svg.Arrow(gridRight + 2, 160, 418, 160);
        // attention
        svg.Box(418, 115, 187, 90, "#fde9c8", "attention", "e_i = v·tanh(W_f f_i + W_h h)", "α = softmax(e)", $"z = Σ α_i f_i{(s.Gate ? ", gated" : "")}");
        svg.Arrow(605, 160, 640, 160, label: $"z ({s.Channels})");
        // cell
        svg.Box(640, 120, 105, 80, "#d9f0d9", s.Cell, $"hidden {s.HiddenDim}");
        svg.Arrow(745, 160, 780, 160, label: "h_t");
        svg.Box(780, 120, 105, 80, "#efe0f5", "output", $"W_o h → {s.VocabSize}", "softmax");
        svg.Arrow(885, 160, 915, 160);
        svg.Box(915, 135, 75, 50, "#fff", "word y_t");
        // previous word and embedding
        svg.Box(637, 250, 111, 50, "#efe0f5", "embedding", $"y_(t-1) → {s.EmbeddingDim}");
        svg.Arrow(692, 250, 692, 200);
        svg.Path("M952,185 L952,315 L692,315 L692,302", dashed: true);
        svg.Text(822, 308, "the word just written is read at the next step", 11, fill: "#555");
        // recurrence: h back to attention
        svg.Path("M692,120 L692,80 L511,80 L511,113", dashed: true);
        svg.Text(600, 73, "h_t steers attention at the next step", 11, fill: "#555");
        return new SvgView(svg.ToString(), $"The whole model with these sizes: {s.Encoder} encoder, {s.GridRows}x{s.GridColumns} grid, {s.Cell} {s.HiddenDim}, vocabulary {s.VocabSize}.");
    }

    /// <summary>One unrolled decoder step for a batch of <paramref name="batch"/> images, each tensor with its shape.</summary>
    public static SvgView DecoderStep(DiagramSizes s, int batch)
    {
        string Shape(params object[] dims) => "(" + string.Join(", ", dims) + ")";
        var rows = new List<(string Name, string What, string Shape, string Fill)>
        {
            ("f", "annotation vectors (from the encoder, once)", Shape(batch, s.Pixels, s.Channels), "#dfe9f7"),
            ("W_f f", "projected once per image", Shape(batch, s.Pixels, s.AttentionDim), "#fde9c8"),
            ("h_(t-1)", "the state after the previous word", Shape(batch, s.HiddenDim), "#d9f0d9"),
            ("W_h h", "the state in the attention space", Shape(batch, s.AttentionDim), "#fde9c8"),
            ("e", "v·tanh(W_f f + W_h h): one score per cell", Shape(batch, s.Pixels), "#fde9c8"),
            ("α", "softmax over the cells", Shape(batch, s.Pixels), "#fde9c8"),
            ("z", s.Gate ? "Σ α_i f_i, scaled by the gate σ(f_β(h))" : "Σ α_i f_i", Shape(batch, s.Channels), "#fde9c8"),
            ("E y_(t-1)", "the previous word's embedding", Shape(batch, s.EmbeddingDim), "#efe0f5"),
            ("x", "[E y; z] concatenated", Shape(batch, s.EmbeddingDim + s.Channels), "#eeeeee"),
            (s.Cell == "LSTM" ? "h_t, c_t" : "h_t", $"{s.Cell}(x, state)", Shape(batch, s.HiddenDim) + (s.Cell == "LSTM" ? " each" : ""), "#d9f0d9"),
            ("logits", "W_o dropout(h_t): a score per word", Shape(batch, s.VocabSize), "#efe0f5"),
        };
        const double rowHeight = 38, top = 45;
        var svg = new Svg(760, (int)(top + rows.Count * rowHeight + 20));
        svg.Text(380, 24, $"One decoder step, batch {batch}: every tensor in the order it is computed, and its shape", 15, "bold");
        for (int i = 0; i < rows.Count; i++)
        {
            var (name, what, shape, fill) = rows[i];
            var y = top + i * rowHeight;
            svg.Box(20, y, 120, 28, fill, name);
            svg.Text(155, y + 18, shape, 13, "bold", "start", "#1a4d8f");
            svg.Text(330, y + 18, what, 12, anchor: "start");
        }
        return new SvgView(svg.ToString(), $"Shapes from the configuration: B = {batch} images, P = {s.Pixels} cells, C = {s.Channels} channels, A = {s.AttentionDim}, H = {s.HiddenDim}, E = {s.EmbeddingDim}, V = {s.VocabSize}.");
    }

    /// <summary>
    /// A beam-search tree: one column per step, one row per beam; each node is a word with the beam's total
    /// log-probability, linked to the node it extends. The winning caption's path is drawn in green; a beam that wrote
    /// &lt;end&gt; is finished and drawn with a double border.
    /// </summary>
    public static SvgView BeamTree(IReadOnlyList<BeamTreeNode> nodes, int beamWidth, string caption)
    {
        int steps = nodes.Count == 0 ? 0 : nodes.Max(n => n.Step) + 1;
        const double colWidth = 118, rowHeight = 54, left = 20, top = 60, boxW = 100, boxH = 38;
        var svg = new Svg((int)(left + 90 + steps * colWidth + 20), (int)(top + beamWidth * rowHeight + 30));
        svg.Text(left, 26, $"Beam search, width {beamWidth}: every beam kept at every step", 15, "bold", "start");
        svg.Text(left, 44, "green: the caption chosen; double border: a beam that has written <end>; numbers: total log p", 11.5, anchor: "start", fill: "#555");
        double X(int step) => left + 90 + step * colWidth;
        double Y(int beam) => top + beam * rowHeight;
        svg.Box(left, Y(0), 70, boxH, "#f3f3f3", "<start>");
        foreach (var n in nodes)
        {
            var (px, py) = n.Parent < 0 ? (left + 70, Y(0) + boxH / 2) : (X(nodes[n.Parent].Step) + boxW, Y(nodes[n.Parent].Beam) + boxH / 2);
            var parentOnPath = n.Parent < 0 || nodes[n.Parent].OnBestPath;
            svg.Line(px, py, X(n.Step), Y(n.Beam) + boxH / 2, n.OnBestPath && parentOnPath ? "#2a8a2a" : "#999", n.OnBestPath ? 2.6 : 1.2);
        }
        foreach (var n in nodes)
        {
            var fill = n.OnBestPath ? "#d9f0d9" : "#ffffff";
            if (n.Finished) svg.Rect(X(n.Step) - 3, Y(n.Beam) - 3, boxW + 6, boxH + 6, "none");
            svg.Box(X(n.Step), Y(n.Beam), boxW, boxH, fill, n.Word, n.Score.ToString("F2", CultureInfo.InvariantCulture));
        }
        return new SvgView(svg.ToString(), $"The caption chosen: \"{caption}\".");
    }
}
