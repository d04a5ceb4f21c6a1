"""Images of the story: the real source, once, with its caption and credit shown once."""

from __future__ import annotations

import json

import pytest

from pressclip.extract import extract, media
from pressclip.model import Article, Image
from story import SITE, STORY, STORY_HTML, TITLE, URL

CAPTION = "The new tram at the depot in Nordstadt."
WP_SRC = f"{SITE}/wp-content/uploads/2024/05/tram-1024x683.jpg"
WP_BODY = (
    '<div id="attachment_7" class="wp-caption aligncenter">'
    f'<img class="size-large wp-image-7" src="{WP_SRC}" alt="">'
    f'<p class="wp-caption-text">{CAPTION}</p></div>'
)
PIXEL = "data:image/gif;base64,R0lGODlhAQABAAAAACw="


def page(fragment: str = "", *, top: str = "") -> str:
    """A news page whose story has ``top`` before its first paragraph and ``fragment`` mid-way."""
    first = "".join(f"<p>{text}</p>" for text in STORY[:3])
    rest = "".join(f"<p>{text}</p>" for text in STORY[3:])
    return (
        f"<html><head><title>{TITLE}</title></head><body>"
        f"<article>{top}{first}{fragment}{rest}</article></body></html>"
    )


def added(markdown: str) -> str:
    """The Markdown without the story's own paragraphs: what the fragment became."""
    return "\n\n".join(block for block in markdown.split("\n\n") if block not in STORY)


def convert(fragment: str = "", top: str = "") -> Article:
    return extract(page(fragment, top=top), URL)


@pytest.mark.parametrize(
    ("fragment", "image", "markdown"),
    [
        pytest.param(
            f'<figure><img src="/img/tram.jpg" alt="A tram"><figcaption>{CAPTION}</figcaption>'
            "</figure>",
            Image(f"{SITE}/img/tram.jpg", alt="A tram", caption=CAPTION),
            f"![A tram]({SITE}/img/tram.jpg)\n\n*{CAPTION}*",
            id="figure-figcaption",
        ),
        pytest.param(
            f'<figure><img src="/img/tram.jpg" alt="{CAPTION}"><figcaption>{CAPTION}'
            "</figcaption></figure>",
            Image(f"{SITE}/img/tram.jpg", alt=CAPTION, caption=CAPTION),
            f"![]({SITE}/img/tram.jpg)\n\n*{CAPTION}*",
            id="alt-equal-to-caption-shown-once",
        ),
        pytest.param(
            WP_BODY,
            Image(WP_SRC, caption=CAPTION),
            f"![]({WP_SRC})\n\n*{CAPTION}*",
            id="wordpress-wp-caption",
        ),
        pytest.param(
            f'<div class="image-block"><img src="/d.jpg"><div class="image-caption">{CAPTION}'
            "</div></div>",
            Image(f"{SITE}/d.jpg", caption=CAPTION),
            f"![]({SITE}/d.jpg)\n\n*{CAPTION}*",
            id="caption-class-div",
        ),
        pytest.param(
            f'<figure><img src="/x/tram.jpg"><figcaption>{CAPTION} '
            '<span class="credit">Photo: Jane Roe/Agency</span></figcaption></figure>',
            Image(f"{SITE}/x/tram.jpg", caption=CAPTION, credit="Photo: Jane Roe/Agency"),
            f"![]({SITE}/x/tram.jpg)\n\n*{CAPTION}* — Photo: Jane Roe/Agency",
            id="credit-inside-figcaption",
        ),
        pytest.param(
            '<figure><img src="/x/tram.jpg"><figcaption><span class="caption-text">'
            f'{CAPTION}</span> <span class="photographer">Jane Roe</span></figcaption></figure>',
            Image(f"{SITE}/x/tram.jpg", caption=CAPTION, credit="Jane Roe"),
            f"![]({SITE}/x/tram.jpg)\n\n*{CAPTION}* — Jane Roe",
            id="photographer-credit",
        ),
        pytest.param(
            '<figure><img data-component="lazy-image"><figcaption>'
            f'{CAPTION} <span class="credit">Photo: Jane Roe</span></figcaption></figure>',
            Image(None, caption=CAPTION, credit="Photo: Jane Roe"),
            f"*{CAPTION}* — Photo: Jane Roe",
            id="no-source-keeps-caption",
        ),
        pytest.param(
            f'<figure><img src="{PIXEL}"><figcaption>{CAPTION}</figcaption></figure>',
            Image(None, caption=CAPTION),
            f"*{CAPTION}*",
            id="data-uri-only-keeps-caption",
        ),
    ],
)
def test_figure_image_and_caption(fragment: str, image: Image, markdown: str) -> None:
    article = convert(fragment)
    assert article.images == (image,)
    assert added(article.markdown) == markdown
    assert CAPTION not in article.text


def test_gallery_caption_follows_the_last_picture() -> None:
    fragment = (
        '<figure class="gallery"><img src="/g/1.jpg" alt="One"><img src="/g/2.jpg" alt="Two">'
        f"<figcaption>{CAPTION}</figcaption></figure>"
    )
    article = convert(fragment)
    assert article.images == (
        Image(f"{SITE}/g/1.jpg", alt="One"),
        Image(f"{SITE}/g/2.jpg", alt="Two", caption=CAPTION),
    )
    assert added(article.markdown) == (
        f"![One]({SITE}/g/1.jpg)\n\n![Two]({SITE}/g/2.jpg)\n\n*{CAPTION}*"
    )


@pytest.mark.parametrize(
    "top",
    [
        pytest.param(
            f'<figure class="featured"><img src="{WP_SRC}"><figcaption>{CAPTION}</figcaption>'
            "</figure>",
            id="featured-figure-with-caption",
        ),
        pytest.param(WP_BODY, id="same-wp-caption-twice"),
    ],
)
def test_same_image_twice_appears_once(top: str) -> None:
    article = convert(WP_BODY, top=top)
    assert [image.src for image in article.images] == [WP_SRC]
    assert article.images[0].caption == CAPTION
    assert article.markdown.count(WP_SRC) == 1
    assert article.markdown.count(CAPTION) == 1


@pytest.mark.parametrize(
    "top",
    [
        f'<img class="attachment-post-thumbnail wp-post-image" src="{WP_SRC}" alt="">',
        f'<figure class="post-thumbnail"><img class="wp-post-image" src="{WP_SRC}"></figure>',
    ],
)
def test_featured_image_without_caption_keeps_the_body_caption(top: str) -> None:
    article = convert(WP_BODY, top=top)
    assert [image.caption for image in article.images] == [CAPTION]
    assert article.markdown.count(CAPTION) == 1


def test_same_caption_on_two_pictures_is_shown_once() -> None:
    fragment = "".join(
        f'<figure><img src="/{name}.jpg"><figcaption>{CAPTION}</figcaption></figure>'
        for name in ("a", "b")
    )
    article = convert(fragment)
    assert [image.src for image in article.images] == [f"{SITE}/a.jpg", f"{SITE}/b.jpg"]
    assert article.markdown.count(CAPTION) == 1


def test_alt_text_stays_where_its_caption_is_not_shown_again() -> None:
    fragment = "".join(
        f'<figure><img src="/{name}.jpg" alt="{CAPTION}"><figcaption>{CAPTION}</figcaption>'
        "</figure>"
        for name in ("a", "b")
    )
    assert added(convert(fragment).markdown) == (
        f"![]({SITE}/a.jpg)\n\n*{CAPTION}*\n\n![{CAPTION}]({SITE}/b.jpg)"
    )


@pytest.mark.parametrize(
    ("img", "src"),
    [
        pytest.param(
            '<img src="/s.jpg" srcset="/a-400.jpg 400w, /a-1200.jpg 1200w, /a-800.jpg 800w">',
            "/a-1200.jpg",
            id="srcset-width",
        ),
        pytest.param(
            '<img src="/s.jpg" srcset="/a-1x.jpg 1x, /a-2x.jpg 2x, /a-1.5x.jpg 1.5x">',
            "/a-2x.jpg",
            id="srcset-density",
        ),
        pytest.param(
            '<img src="/s.jpg" srcset="https://res.cloudinary.com/x/w_400,h_300/a.jpg 400w, '
            'https://res.cloudinary.com/x/w_1200,h_900/a.jpg 1200w">',
            "https://res.cloudinary.com/x/w_1200,h_900/a.jpg",
            id="srcset-commas-in-url",
        ),
        pytest.param(
            '<img src="/s.jpg" srcset="https://res.cloudinary.com/x/w_710,c_fit,q_72/a.jpg">',
            "https://res.cloudinary.com/x/w_710,c_fit,q_72/a.jpg",
            id="srcset-one-url-with-commas-no-descriptor",
        ),
        pytest.param(
            '<img src="/s.jpg" srcset="/one.jpg, /two.jpg 2x">',
            "/two.jpg",
            id="srcset-url-ended-by-a-comma",
        ),
        pytest.param(
            '<picture><source srcset="/p/tram-320.webp" media="(max-width: 320px)">'
            '<source srcset="/p/tram-710.webp" media="(min-width: 321px)">'
            '<img src="/p/tram-710.jpg"></picture>',
            "/p/tram-710.webp",
            id="picture-source-for-small-screens-skipped",
        ),
        pytest.param(
            f'<img src="{PIXEL}" data-srcset="/l-640.jpg 640w, /l-1280.jpg 1280w">',
            "/l-1280.jpg",
            id="data-srcset",
        ),
        pytest.param(
            f'<img src="{PIXEL}" data-src="/lazy/tram.jpg">', "/lazy/tram.jpg", id="data-src"
        ),
        pytest.param(
            '<img src="/placeholder.gif" data-lazy-src="/lazy/bus.jpg">',
            "/lazy/bus.jpg",
            id="data-lazy-src",
        ),
        pytest.param(
            '<img src="/x.jpg" data-original="/orig/x.jpg">', "/orig/x.jpg", id="data-original"
        ),
        pytest.param(
            '<picture><source srcset="/p/tram.webp 1600w, /p/tram-600.webp 600w" '
            'type="image/webp"/><img src="/p/fallback.jpg"></picture>',
            "/p/tram.webp",
            id="picture-source",
        ),
        pytest.param(
            '<picture><source srcset="/p/tram.webp 1600w"/><img alt=""></picture>',
            "/p/tram.webp",
            id="picture-source-img-without-src",
        ),
        pytest.param(
            '<img class="lazyload" src="data:image/gif;base64,R0l">'
            '<noscript><img src="/real/tram.jpg"></noscript>',
            "/real/tram.jpg",
            id="noscript-fallback",
        ),
    ],
)
def test_best_real_source(img: str, src: str) -> None:
    article = convert(f"<figure>{img}<figcaption>{CAPTION}</figcaption></figure>")
    assert article.images == (Image(SITE + src if src.startswith("/") else src, caption=CAPTION),)


@pytest.mark.parametrize(
    ("img", "src"),
    [
        pytest.param(
            '<picture><source srcset="/p/tram.webp 1600w"><img src="/p/small.jpg"></picture>',
            "/p/tram.webp",
            id="picture-source-not-self-closed",
        ),
        pytest.param(
            '<img srcset="/a-400.jpg 400w,/a-1200.jpg 1200w">',
            "/a-1200.jpg",
            id="srcset-no-space-after-comma",
        ),
    ],
)
def test_best_real_source_edge_markup(img: str, src: str) -> None:
    article = convert(f"<figure>{img}<figcaption>{CAPTION}</figcaption></figure>")
    assert article.images == (Image(SITE + src, caption=CAPTION),)


@pytest.mark.parametrize(
    "img",
    [
        pytest.param('<img src="/t.gif?u=1" width="1" height="1">', id="tracker-1x1"),
        pytest.param('<img src="/b/pixel.gif?u=1">', id="tracking-pixel"),
        pytest.param('<img src="/s/play.png" width="24px">', id="small-width"),
        pytest.param('<img src="/icons/share-icon.png">', id="icon"),
        pytest.param('<img src="/u/7/avatar.jpg">', id="avatar"),
        pytest.param('<img class="author-avatar" src="/u/7/jane.jpg">', id="avatar-class"),
        pytest.param('<img src="/static/site-logo.png">', id="logo"),
        pytest.param('<img src="/img/spacer.gif">', id="spacer"),
    ],
)
def test_chrome_images_are_skipped(img: str) -> None:
    article = convert(f'<p>{img} <img src="/photos/tram.jpg" alt="Tram"></p>')
    assert article.images == (Image(f"{SITE}/photos/tram.jpg", alt="Tram"),)
    assert article.markdown.count("![") == 1


@pytest.mark.parametrize(
    "name", ["silicon-valley-offices.jpg", "google-pixel-9-review.jpg", "wool-blanket.jpg"]
)
def test_photo_whose_name_contains_a_chrome_word_is_kept(name: str) -> None:
    article = convert(
        f'<figure><img src="/photos/{name}"><figcaption>{CAPTION}</figcaption></figure>'
    )
    assert article.images == (Image(f"{SITE}/photos/{name}", caption=CAPTION),)


def test_credit_without_caption_is_shown() -> None:
    article = convert(
        '<figure><img src="/a.jpg"><figcaption><span class="credit">Reuters'
        "</span></figcaption></figure>"
    )
    assert article.images == (Image(f"{SITE}/a.jpg", credit="Reuters"),)
    assert "Reuters" in article.markdown


def test_inline_image_follows_its_paragraph_and_stays_out_of_the_text() -> None:
    article = convert('<p>A <img src="/inline.jpg" alt="Tram"> picture.</p>')
    assert added(article.markdown) == f"A picture.\n\n![Tram]({SITE}/inline.jpg)"
    assert "Tram" not in article.text


@pytest.mark.parametrize(
    "hero",
    [
        pytest.param(
            f'<figure class="hero"><img src="/hero/tram.jpg"><figcaption>{CAPTION}'
            "</figcaption></figure>",
            id="figure",
        ),
        pytest.param(
            f"<header><h1>{TITLE}</h1><figure><img src='/hero/tram.jpg'><figcaption>{CAPTION}"
            "</figcaption></figure></header>",
            id="figure-in-header",
        ),
    ],
)
def test_hero_figure_before_the_story_text_is_included(hero: str) -> None:
    html = (
        f"<html><head><title>{TITLE}</title></head><body><div class='page'><article>"
        f"<div class='meta'><span>By Jane Doe</span></div>{hero}"
        f"<div class='article-body'>{STORY_HTML}</div></article>"
        "<aside><p>Most read</p></aside></div></body></html>"
    )
    article = extract(html, URL)
    assert article.images == (Image(f"{SITE}/hero/tram.jpg", caption=CAPTION),)
    assert article.markdown.startswith(f"![]({SITE}/hero/tram.jpg)\n\n*{CAPTION}*\n\n{STORY[0]}")
    assert article.lead_image == f"{SITE}/hero/tram.jpg"
    assert CAPTION not in article.text


CREDIT = "Photo: Jane Roe/Agency"


@pytest.mark.parametrize(
    ("fragment", "images"),
    [
        pytest.param(
            '<div class="wrap"><div><a href="/photos/1"><img src="/u.jpg"></a></div>'
            f'<p class="caption">{CAPTION}</p></div>',
            (Image(f"{SITE}/u.jpg", caption=CAPTION),),
            id="unnamed-block-with-marked-caption",
        ),
        pytest.param(
            '<div class="not-prose"><img src="/l.jpg" alt="Tram">'
            f"<div><small>{CAPTION}</small><small>© Jane Roe</small></div></div>",
            (Image(f"{SITE}/l.jpg", alt="Tram", caption=CAPTION, credit="© Jane Roe"),),
            id="picture-and-plain-line",
        ),
        pytest.param(
            f'<div class="sc-a1"><picture><img src="/p.jpg"></picture><div class="sc-b2">{CAPTION}'
            '</div><div class="sc-c3">Getty Images</div></div>',
            (Image(f"{SITE}/p.jpg", caption=CAPTION, credit="Getty Images"),),
            id="picture-line-and-agency-line",
        ),
        pytest.param(
            '<p class="caption"><span><picture><img class="lazyload" data-src="/g.jpg">'
            '<noscript><img src="/g.jpg"></noscript></picture></span>'
            f'<span class="bu">{CAPTION}</span></p>',
            (Image(f"{SITE}/g.jpg", caption=CAPTION),),
            id="lazy-twin-counts-as-one-picture",
        ),
        pytest.param(
            f'<div class="post-thumbnail"><img src="/t.jpg"> <p>{CAPTION} | Bildquelle: EU</p>'
            "</div>",
            (Image(f"{SITE}/t.jpg", caption=CAPTION, credit="Bildquelle: EU"),),
            id="thumbnail-block",
        ),
        pytest.param(
            f'<div class="detail-img"><img src="/d.jpg"><div class="detail-img__description">'
            f'{CAPTION}</div><div class="lightbox"><img src="/d.jpg"><div class="lightbox__'
            f'description">{CAPTION}</div></div></div>',
            (Image(f"{SITE}/d.jpg", caption=CAPTION),),
            id="lightbox-copy-shown-once",
        ),
        pytest.param(
            f'<figure><img src="/f.jpg"><div><figcaption>{CAPTION} {CREDIT}</figcaption></div>'
            f"<figcaption>{CAPTION} {CREDIT}</figcaption></figure>",
            (Image(f"{SITE}/f.jpg", caption=CAPTION, credit=CREDIT),),
            id="mobile-and-desktop-figcaption",
        ),
        pytest.param(
            '<div class="items"><div class="item"><img src="/1.jpg"><div class="caption">One.'
            '</div></div><div class="item"><img src="/2.jpg"><div class="caption">Two.</div>'
            "</div></div>",
            (Image(f"{SITE}/1.jpg", caption="One."), Image(f"{SITE}/2.jpg", caption="Two.")),
            id="two-pictures-two-captions-are-two-figures",
        ),
        pytest.param(
            '<figure><a href="/x"><img src="/a.jpg"></a><div class="pswp-caption">'
            f'<div class="bildautor">Bild: SN/APA</div><div>{CAPTION}</div></div></figure>',
            (Image(f"{SITE}/a.jpg", caption=CAPTION, credit="Bild: SN/APA"),),
            id="credit-class-autor-before-caption",
        ),
        pytest.param(
            '<figure><img src="/n.jpg"></figure><figcaption class="caption">'
            f"<span>{CAPTION}</span><span>Jane Roe / Reuters file</span></figcaption>",
            (
                Image(f"{SITE}/n.jpg"),
                Image(None, caption=CAPTION, credit="Jane Roe / Reuters file"),
            ),
            id="unnamed-credit-element",
        ),
    ],
)
def test_captioned_picture_blocks(fragment: str, images: tuple[Image, ...]) -> None:
    article = convert(fragment)
    assert article.images == images
    for image in images:
        for text in (image.caption, image.credit):
            assert not text or text not in article.text


@pytest.mark.parametrize(
    ("fragment", "kept"),
    [
        pytest.param(
            '<div class="entry"><h3>Nine people died</h3><p>Rescue teams searched the block '
            "through the night, officials said on Saturday morning.</p>"
            '<img src="/e.jpg"><span class="caption">Rescue teams at work.</span></div>',
            "Rescue teams searched the block through the night, officials said on Saturday "
            "morning.",
            id="live-blog-entry-keeps-its-text",
        ),
        pytest.param(
            '<div class="card"><img src="/t.jpg"><div><a href="/other">Other story: the '
            "mayor's plan</a></div></div>",
            None,
            id="picture-with-a-link-is-a-teaser",
        ),
        pytest.param(
            '<div class="box"><img src="/b.jpg"><p>Short paragraph of the story.</p></div>',
            "Short paragraph of the story.",
            id="picture-beside-a-paragraph",
        ),
    ],
)
def test_blocks_that_are_not_figures_are_no_caption(fragment: str, kept: str | None) -> None:
    article = convert(fragment)
    assert all(image.caption is None for image in article.images)
    if kept:
        assert kept in article.text


def test_long_caption_of_a_named_picture_block() -> None:
    caption = "Officials at the opening ceremony of the new depot, " * 9
    article = convert(f'<div class="imgbox"><img src="/w.jpg"><h1>{caption}</h1></div>')
    assert article.images == (Image(f"{SITE}/w.jpg", caption=caption.strip()),)


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("Crowds in Hanoi. Photo: AP", "Crowds in Hanoi.", "Photo: AP"),
        (
            "Crowds in Hanoi. | Jane Roe/PA Images via Getty Images",
            "Crowds in Hanoi.",
            "Jane Roe/PA Images via Getty Images",
        ),
        ("Kryžius, asociatyvi nuotr. / J. Roe / LRT nuotr.", "Kryžius, asociatyvi nuotr.", None),
        (
            "Two arrested. (Symbolfoto: picture alliance/dpa | Jane Roe)",
            "Two arrested.",
            "Symbolfoto: picture alliance/dpa | Jane Roe",
        ),
        ("Rejoice Ndlovu. Isithombe: Sithunyelwe", "Rejoice Ndlovu.", "Isithombe: Sithunyelwe"),
        ("The gutted block. Photograph: Eva Roe/Reuters", "The gutted block.", None),
        ("Image credit: TechRadar", "Image credit: TechRadar", None),
        (
            "(Symbolbild) (Bildquelle: MadMax22 (CC0) - (Symbolbild))",
            "(Symbolbild)",
            "Bildquelle: MadMax22 (CC0) - (Symbolbild)",
        ),
        ("Crowds in Hanoi [Photo: AP]", "Crowds in Hanoi", "Photo: AP"),
        ("Kyiv | Ukraine", "Kyiv | Ukraine", None),
        ("Talks in Paris / London tomorrow", "Talks in Paris / London tomorrow", None),
    ],
)
def test_split_credit(text: str, caption: str, credit: str | None) -> None:
    found = media.split_credit(text)
    assert found[0] == caption
    if credit is not None:
        assert found[1] == credit
    elif caption == text:
        assert found[1] is None
    else:
        assert found[1]


LD_HERO = "https://cdn.example.com/hero.jpg"


def ld_page(image: object, top: str = "", body: str = "") -> str:
    """A page whose JSON-LD gives the article's ``image``; its hero is not in the story."""
    data = json.dumps(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "NewsArticle", "headline": TITLE, "image": image},
                {
                    "@type": "ImageObject",
                    "@id": f"{URL}#primaryimage",
                    "url": LD_HERO,
                    "caption": f"{CAPTION} Foto: Jane Roe",
                },
            ],
        }
    )
    return (
        f'<html><head><title>{TITLE}</title><script type="application/ld+json">{data}</script>'
        f"</head><body>{top}<article>{STORY_HTML}{body}</article></body></html>"
    )


@pytest.mark.parametrize(
    "image",
    [
        pytest.param({"@type": "ImageObject", "url": LD_HERO, "caption": CAPTION}, id="inline"),
        pytest.param({"@id": f"{URL}#primaryimage"}, id="reference"),
        pytest.param([{"@type": "ImageObject", "url": LD_HERO, "caption": CAPTION}], id="list"),
    ],
)
def test_json_ld_caption_of_a_hero_outside_the_story(image: object) -> None:
    article = extract(ld_page(image), URL)
    assert article.images[0].src == LD_HERO
    assert article.images[0].caption == CAPTION
    assert article.markdown.startswith(f"![]({LD_HERO})\n\n*{CAPTION}*")
    assert CAPTION not in article.text


def test_json_ld_caption_joins_the_picture_shown_without_one() -> None:
    image = {"@type": "ImageObject", "url": LD_HERO, "caption": CAPTION}
    article = extract(ld_page(image, body=f'<img src="{LD_HERO}">'), URL)
    assert article.images == (Image(LD_HERO, caption=CAPTION),)
    assert article.markdown.count(CAPTION) == 1


def test_json_ld_caption_already_shown_is_not_repeated() -> None:
    image = {"@type": "ImageObject", "url": LD_HERO, "caption": CAPTION}
    article = extract(ld_page(image, body=WP_BODY), URL)
    assert [i.caption for i in article.images] == [CAPTION]
    assert article.markdown.count(CAPTION) == 1


def test_caption_repeated_with_its_credit_as_a_line_is_dropped() -> None:
    fragment = (
        f'<figure><img src="/r.jpg"><figcaption>{CAPTION} <cite>{CREDIT}</cite></figcaption>'
        f'</figure><div aria-hidden="true" class="gallery-caption"><p>{CAPTION} {CREDIT}</p></div>'
    )
    article = convert(fragment)
    assert article.markdown.count(CAPTION) == 1


def test_story_sentence_equal_to_a_caption_stays() -> None:
    article = convert(f"<figure><img src='/s.jpg'><figcaption>{STORY[3]}</figcaption></figure>")
    assert STORY[3] in article.text


def test_second_caption_of_a_picture_shown_before_is_kept() -> None:
    fragment = (
        f'<figure class="video"><img src="/v.jpg"><figcaption>Video: {TITLE}</figcaption></figure>'
        f'<figure><img src="/v.jpg"><figcaption>{CAPTION}</figcaption></figure>'
    )
    article = convert(fragment)
    assert [i.caption for i in article.images] == [f"Video: {TITLE}", CAPTION]
    assert article.images[0].src == f"{SITE}/v.jpg"


def test_related_list_in_the_middle_skips_only_the_teasers() -> None:
    fragment = (
        '<h4>Auch interessant</h4><div class="teasers"><a href="/a">Another story</a></div>'
        f'<figure><img src="/after.jpg"><figcaption>{CAPTION}</figcaption></figure>'
    )
    article = convert(fragment)
    assert "Another story" not in article.text
    assert all(paragraph in article.text for paragraph in STORY)


def test_json_ld_caption_joins_another_size_of_the_picture_shown() -> None:
    image = {"@type": "ImageObject", "url": f"{LD_HERO}?w=1200", "caption": CAPTION}
    article = extract(ld_page(image, body=f'<img src="{LD_HERO}?w=640">'), URL)
    assert article.images == (Image(f"{LD_HERO}?w=640", caption=CAPTION),)


def test_json_ld_caption_entities_are_decoded() -> None:
    image = {
        "@type": "ImageObject",
        "url": f"{LD_HERO}?a=1&amp;b=2",
        "caption": "A &quot;tram&quot;",
    }
    article = extract(ld_page(image), URL)
    assert article.images[0] == Image(f"{LD_HERO}?a=1&b=2", caption='A "tram"')


@pytest.mark.parametrize(
    "fragment",
    [
        pytest.param(
            '<div class="photo"><p class="withoutCaption"><img src="/img/tram.jpg"></p>'
            f'<span class="newsCaption">{CAPTION}</span></div>',
            id="without-caption-class",
        ),
        pytest.param(
            '<p><span class="text-image-caption"><img src="/img/tram.jpg"></span></p>'
            f"<p>{CAPTION}</p>",
            id="caption-named-wrapper-of-the-picture",
        ),
        pytest.param(
            '<figcaption class="inline-picture"><div><img src="/img/tram.jpg"></div>'
            f'<div class="caption">{CAPTION}</div></figcaption>',
            id="figcaption-around-the-picture",
        ),
    ],
)
def test_picture_inside_an_element_named_for_its_caption_is_shown(fragment: str) -> None:
    article = convert(fragment)
    assert article.images[0].src == f"{SITE}/img/tram.jpg"
    assert f"![]({SITE}/img/tram.jpg)" in article.markdown
    assert article.markdown.count(CAPTION) == 1


@pytest.mark.parametrize(
    "src",
    [
        "http://b.scorecardresearch.com/p?c1=2&c2=8021726",
        "https://ad.doubleclick.net/ddm/activity/x",
        "https://example.com/tracking/open.gif",
    ],
)
def test_tracker_pixels_without_sizes_are_skipped(src: str) -> None:
    assert convert(f'<p><img src="{src}"></p>').images == ()


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        pytest.param(
            '<figure class="wp-block-table"><table><tr><th>Line</th><th>Stops</th></tr>'
            "<tr><td>4</td><td>12</td></tr></table><figcaption>New lines</figcaption></figure>",
            "| Line | Stops |\n| --- | --- |\n| 4 | 12 |\n\nNew lines",
            id="table",
        ),
        pytest.param(
            "<figure><blockquote><p>We will build it.</p></blockquote>"
            "<figcaption>Jane Roe, mayor</figcaption></figure>",
            "> We will build it.\n\nJane Roe, mayor",
            id="quote-and-attribution",
        ),
        pytest.param(
            '<figure class="wp-block-pullquote"><blockquote><p>We will build it.</p>'
            "<cite>Jane Roe</cite></blockquote></figure>",
            "> We will build it.\n>\n> *Jane Roe*",
            id="wordpress-pullquote",
        ),
        pytest.param(
            "<figure><pre><code>fare = 2</code></pre><figcaption>Listing 1</figcaption></figure>",
            "```\nfare = 2\n```\n\nListing 1",
            id="code",
        ),
        pytest.param(
            '<figure><iframe src="https://www.youtube.com/embed/abc"></iframe>'
            "<figcaption>Tram tour</figcaption></figure>",
            "[Video on YouTube](https://www.youtube.com/watch?v=abc)\n\nTram tour",
            id="player",
        ),
    ],
)
def test_figure_of_content_keeps_it_and_its_caption_is_text(fragment: str, expected: str) -> None:
    article = convert(fragment)
    assert added(article.markdown) == expected
    assert article.images == ()  # no picture, so no picture caption


@pytest.mark.parametrize(
    ("url", "platform", "kind"),
    [
        ("https://www.youtube-nocookie.com/embed/x", "YouTube", "Video"),
        ("https://open.spotify.com/embed/episode/1", "Spotify", "Audio"),
        ("https://x.com/ann/status/1", "X", "Post"),
        ("https://datawrapper.dwcdn.net/AbC/1/", "Datawrapper", "Chart"),
        ("https://notyoutube.com/embed/x", None, None),
    ],
)
def test_embed_platforms(url: str, platform: str | None, kind: str | None) -> None:
    found = media._platform(url)
    assert found == ((platform, kind) if platform else None)
