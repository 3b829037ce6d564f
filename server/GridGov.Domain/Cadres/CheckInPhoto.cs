namespace GridGov.Domain.Cadres;

/// <summary>
/// The photo taken with a check-in (on the spot, as evidence): metadata already stripped (Monthly.JpegPhoto), at most
/// 2 MB and 1600 px. Once stored it is not replaced: a resend of the same photo is accepted, another photo refused.
/// </summary>
public class CheckInPhoto
{
    public long CheckInId { get; set; }
    public required byte[] Jpeg { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public DateTimeOffset At { get; set; }
}
