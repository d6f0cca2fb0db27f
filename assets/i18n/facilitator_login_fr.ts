<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>FacilitatorLoginDialog</name>
    <message>
        <source>Facilitator sign-in</source>
        <translation>Connexion animateur·rice</translation>
    </message>
    <message>
        <source>Set up the facilitator space</source>
        <translation>Mettre en place l’espace animateur·rice</translation>
    </message>
    <message>
        <source>&amp;Facilitator</source>
        <translation>&amp;Animateur·rice</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Mot de passe</translation>
    </message>
    <message>
        <source>Forgot your password? Another facilitator of this PC can remove your account and add it again (Accounts): groups, sessions and reports stay.</source>
        <translation>Mot de passe oublié ? Un·e autre animateur·rice de ce PC peut retirer votre compte puis le recréer (Comptes) : groupes, séances et rapports restent.</translation>
    </message>
    <message>
        <source>No facilitator account on this PC yet. Create the first one: it opens groups, attendance, reports and the reset of learners&apos; PINs. Create it yourself, as the facilitator in charge of this PC — not a learner. Other facilitators are then added from the facilitator space (Accounts).</source>
        <translation>Aucun compte animateur·rice sur ce PC pour l’instant. Créez le premier : il donne accès aux groupes, aux présences, aux rapports et à la remise à zéro des codes PIN des apprenant·es. Créez-le vous-même, en tant qu’animateur·rice responsable de ce PC — pas un·e apprenant·e. Les autres animateur·rices s’ajoutent ensuite depuis l’espace animateur·rice (Comptes).</translation>
    </message>
    <message>
        <source>Your &amp;name</source>
        <translation>Votre &amp;nom</translation>
    </message>
    <message>
        <source>&amp;Password (8 characters or more)</source>
        <translation>&amp;Mot de passe (8 caractères ou plus)</translation>
    </message>
    <message>
        <source>Password, &amp;again</source>
        <translation>Mot de passe, &amp;encore une fois</translation>
    </message>
    <message>
        <source>I am the facilitator in charge of this PC</source>
        <translation>Je suis l’animateur·rice responsable de ce PC</translation>
    </message>
    <message>
        <source>Create the account</source>
        <translation>Créer le compte</translation>
    </message>
    <message>
        <source>The two passwords are different.</source>
        <translation>Les deux mots de passe sont différents.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
</context>
</TS>
